import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { createOrderFlowCommands, OrderFlowCommandsHandle } from '@shopstream/order-flow';
import { exited } from '../../support/app-process';
import { platformConfig } from '../../support/platform';
import { uniqueName, waitFor } from '../../support/wait-for';
import { RunningGateway, startGateway, startPipeline } from './live-harness';

const config = platformConfig();
const BIN = path.join(__dirname, '..', '..', '..', 'bin', 'shopstream.js');

describe('shopstream watch', () => {
  let pipeline: { stop(): Promise<void> };
  let handle: OrderFlowCommandsHandle;
  let gateway: RunningGateway;
  let watch: ChildProcess | null = null;

  beforeAll(async () => {
    pipeline = await startPipeline(config);
    handle = await createOrderFlowCommands(config);
    gateway = await startGateway(config);
  });

  afterAll(async () => {
    if (watch) {
      watch.kill('SIGINT');
      await exited(watch);
    }
    await gateway?.close();
    await handle?.close();
    await pipeline?.stop();
  });

  it('prints the snapshot and each change, and carries on by itself across a gateway restart', async () => {
    const sku = uniqueName('WATCH-SKU');
    const receive = (quantity: number) =>
      handle.commands.receiveStock(
        sku,
        { quantity },
        { idempotencyKey: null, requestHash: 'h', correlationId: randomUUID() },
      );
    const port = (gateway.app.getHttpServer().address() as { port: number }).port;
    const child = spawn(process.execPath, [BIN, 'watch', '--url', gateway.url, 'stock', sku], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    watch = child;
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    await waitFor(
      () => {
        // The output so far goes into the timeout's message: `what` is fixed before anything was printed.
        if (!out.includes('snapshot')) throw new Error(`watch printed so far: ${JSON.stringify(out + err)}`);
        return true;
      },
      { what: 'the snapshot line' },
    );
    expect(out).toContain(`${sku}: on hand 0`);

    await receive(3);
    await waitFor(() => out.includes('received 3'), { what: 'the first change' });
    expect(out).toContain(`${sku}: on hand 3, reserved 0, available 3`);

    await gateway.close();
    await waitFor(() => err.includes('reconnecting'), { what: 'watch to notice the gateway went' });
    await receive(4);
    gateway = await startGateway(config, { port });
    await waitFor(() => out.includes('received 4'), { what: 'the change made while the gateway was down' });
    expect(out).toContain('resumed');
    expect(out).toContain(`${sku}: on hand 7`);
    expect(out.match(/received 3/g)).toHaveLength(1);
  });
});
