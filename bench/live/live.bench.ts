import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PlatformConfig } from '@shopstream/config';
import { LiveServer, loadLiveConfig } from '@shopstream/live';
import { createOrderFlowCommands } from '@shopstream/order-flow';
import { waitFor } from '../support/wait-for';

export interface LiveBenchResult {
  readonly connections: number;
  readonly skus: number;
  readonly writes: number;
  readonly deliveries: number;
  readonly deliveriesPerSecond: number;
  /** From the event's time (the write) to a client holding the delta: projector and gateway together. */
  readonly writeToClientP50Ms: number;
  readonly writeToClientP99Ms: number;
  readonly heapPerConnectionBytes: number;
  readonly stormClients: number;
  readonly stormResumedMs: number;
  readonly stormResumed: number;
  readonly gaps: number;
  readonly duplicates: number;
}

interface Report {
  deliveries: number;
  latencies: number[];
  duplicates: number;
  resumed: number;
  onHand: Record<string, number[]>;
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/**
 * Live push on loopback against the running platform (its projector applies stock_levels): a gateway in this
 * thread, clients in a worker, stock written through the order-flow commands. Then every client is dropped at once
 * and resumes with since while writes go on; each must end with every change once.
 */
export async function runLiveBench(options: {
  readonly platform: PlatformConfig;
  readonly connections: number;
  readonly skus: number;
  readonly writesPerSku: number;
  readonly log: (line: string) => void;
}): Promise<LiveBenchResult> {
  const { platform, connections, log } = options;
  const prefix = `BENCH-LIVE-${Date.now().toString(36)}`;
  const skus = Array.from({ length: options.skus }, (_, i) => `${prefix}-${i}`);
  const live = new LiveServer({ ...loadLiveConfig(platform, {}), heartbeatMs: 60_000 });
  const server = createServer();
  await live.start();
  live.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const handle = await createOrderFlowCommands(platform);
  const worker = new Worker(path.join(__dirname, 'live-clients.worker.js'), {
    workerData: { url: `ws://127.0.0.1:${port}/live`, skus, connections },
  });
  const ask = <T>(message: string) =>
    new Promise<T>((resolve) => {
      worker.once('message', (value: T) => resolve(value));
      worker.postMessage(message);
    });
  const expected = new Map(skus.map((sku) => [sku, 0]));
  const write = async (rounds: number) => {
    for (let round = 0; round < rounds; round++)
      await Promise.all(
        skus.map(async (sku) => {
          await handle.commands.receiveStock(
            sku,
            { quantity: 1 },
            { idempotencyKey: null, requestHash: 'bench', correlationId: randomUUID() },
          );
          expected.set(sku, expected.get(sku)! + 1);
        }),
      );
  };
  try {
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    await ask('connect');
    global.gc?.();
    const heapPerConnection = (process.memoryUsage().heapUsed - heapBefore) / connections;
    log(`live: ${connections} connections held on ${skus.length} skus`);

    const started = Date.now();
    const latencies: number[] = [];
    await write(1);
    await waitFor(
      async () => {
        const first = await ask<Report>('report');
        latencies.push(...first.latencies);
        return first.deliveries > 0;
      },
      {
        timeoutMs: 60_000,
        intervalMs: 200,
        what: 'a first delivery: the live section needs the platform projector running (shopstream up)',
      },
    );
    await write(options.writesPerSku - 1);
    const total = connections * options.writesPerSku;
    let report = await ask<Report>('report');
    let deliveries = report.deliveries;
    latencies.push(...report.latencies);
    await waitFor(
      async () => {
        if (deliveries >= total) return true;
        report = await ask<Report>('report');
        deliveries = report.deliveries;
        latencies.push(...report.latencies);
        return deliveries >= total;
      },
      { timeoutMs: 300_000, intervalMs: 100, what: `${total} deliveries` },
    );
    const seconds = (Date.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    log(`live: ${deliveries} deliveries in ${seconds.toFixed(1)} s`);

    const storming = ask<{ stormMs: number }>('storm');
    await write(2);
    const { stormMs } = await storming;
    await waitFor(
      async () => {
        report = await ask<Report>('report');
        return Object.entries(report.onHand).every(
          ([sku, values]) => values.length === 1 && values[0] === expected.get(sku),
        );
      },
      { timeoutMs: 120_000, intervalMs: 200, what: 'every client to hold the final stock after the storm' },
    );
    return {
      connections,
      skus: skus.length,
      writes: skus.length * (options.writesPerSku + 2),
      deliveries,
      deliveriesPerSecond: Math.round(deliveries / seconds),
      writeToClientP50Ms: percentile(latencies, 50),
      writeToClientP99Ms: percentile(latencies, 99),
      heapPerConnectionBytes: Math.round(heapPerConnection),
      stormClients: connections,
      stormResumedMs: stormMs,
      stormResumed: report.resumed,
      // A client that missed a change would hold a different final value; the check above would not have passed.
      gaps: 0,
      duplicates: report.duplicates,
    };
  } finally {
    await ask('close');
    await worker.terminate();
    await handle.close();
    await live.stop();
    server.close();
  }
}
