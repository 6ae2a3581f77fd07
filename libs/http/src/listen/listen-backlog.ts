import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';

/**
 * Connections the kernel queues for an app before it accepts them. Node's default, 511, is what a reconnect storm
 * on the live endpoint overflows: thousands of clients dropped together connect again together, and each refused
 * connect waits out TCP's one-second SYN retry. The kernel caps it at net.core.somaxconn.
 */
export const LISTEN_BACKLOG = 4_096;

/**
 * What `app.listen(port, host)` does for an app on Nest's Express adapter, with a backlog, which that listen takes
 * none of. The app is initialised first, as listen would, so its modules' start hooks have run before the first
 * connection. Not for Fastify, which must listen itself to finish its start: give its listen `{ backlog }`.
 */
export async function listenExpressWithBacklog(
  app: INestApplication,
  port: number,
  host: string,
  backlog: number = LISTEN_BACKLOG,
): Promise<void> {
  await app.init();
  const server = app.getHttpServer() as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, backlog }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
