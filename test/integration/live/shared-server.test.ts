import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WsAdapter } from '@nestjs/platform-ws';
import { MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { LiveModule, loadLiveConfig } from '@shopstream/live';
import { platformConfig } from '../../support/platform';
import { LiveClient } from './live-harness';

/** A gateway of the host app's own, on the ws adapter: what the query API might serve beside /live. */
@WebSocketGateway({ path: '/echo' })
class EchoGateway {
  @SubscribeMessage('echo')
  echo(@MessageBody() data: string) {
    return { event: 'echo', data };
  }
}

@Module({
  imports: [LiveModule.forRoot({ ...loadLiveConfig(platformConfig(), {}), port: 0 })],
  providers: [EchoGateway],
})
class HostModule {}

describe('LiveModule imported into an app on the ws adapter', () => {
  it('serves /live on the app’s server and leaves the app’s own WebSocket paths working', async () => {
    const app = await NestFactory.create(HostModule, { logger: false });
    app.useWebSocketAdapter(new WsAdapter(app));
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    try {
      const live = await LiveClient.connect(`ws://127.0.0.1:${port}/live`);
      live.send({ op: 'ping' });
      await live.next((f) => f.type === 'pong', 'the pong on /live');
      live.close();

      const echo = await LiveClient.connect(`ws://127.0.0.1:${port}/echo`);
      echo.send({ event: 'echo', data: 'still here' });
      const answer = await echo.next(() => true, 'the echo');
      expect(answer).toEqual({ event: 'echo', data: 'still here' });
      echo.close();
    } finally {
      await app.close();
    }
  });
});
