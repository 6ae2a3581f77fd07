import { fork, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import * as path from 'node:path';
import { PlatformConfig } from '@shopstream/config';
import { LISTEN_BACKLOG } from '@shopstream/http';
import { LiveServer, loadLiveConfig } from '@shopstream/live';
import { percentiles } from '../support/stats';
import { waitFor } from '../support/wait-for';
import { COMMIT_CLOCK_CHANNEL, startCommitClock } from './commit-clock';
import type { FloorReport } from './floor-client.process';
import type { ClientsReport } from './live-clients.process';

export interface LiveBenchResult {
  readonly connections: number;
  readonly skus: number;
  readonly connectSeconds: number;
  readonly heapPerConnectionBytes: number;
  /** Paced writes to the bench's skus while the simulator loads the platform. */
  readonly load: {
    readonly seconds: number;
    readonly writesPerSecond: number;
    readonly simulatorOrdersPerSecond: number;
    readonly deliveries: number;
    /** From the projector's commit (PostgreSQL's NOTIFY of its checkpoint move) to a client holding the delta. */
    readonly commitToClientP50Ms: number;
    readonly commitToClientP99Ms: number;
    readonly commitToClientMaxMs: number;
    /**
     * The same commits through a bare relay (NOTIFY → WebSocket → one client, processes of their own): what any
     * push after a commit costs on this machine under this load, before a gateway does anything.
     */
    readonly floorP50Ms: number;
    readonly floorP99Ms: number;
    readonly floorSamples: number;
  };
  /** Writes as fast as the command path takes them: the gateway's fan-out rate. */
  readonly burst: {
    readonly writes: number;
    readonly deliveries: number;
    readonly seconds: number;
    readonly deliveriesPerSecond: number;
    /** CPU the gateway's process used from the burst's start until every client caught up. */
    readonly gatewayCpuSeconds: number;
    /** Deliveries per second of that CPU time: what one core of gateway delivers. */
    readonly deliveriesPerCpuSecond: number;
    /** CPU the clients' processes used meanwhile, and deliveries per second of it: what receiving costs. */
    readonly clientsCpuSeconds: number;
    readonly deliveriesPerClientCpuSecond: number;
  };
  readonly storm: {
    readonly clients: number;
    readonly resumedMs: number;
    readonly resumed: number;
    /** Resumes served from the gateway's recent past in memory, and from a read of the log. */
    readonly fromMemory: number;
    readonly fromLog: number;
  };
  readonly gaps: number;
  readonly duplicates: number;
  readonly coalesced: number;
}

type Reply = { error?: string } & Record<string, unknown>;

/** A helper process of the benchmark, asked one thing at a time; typed arrays pass through its channel as they are. */
function processOf(file: string, job: unknown) {
  const child = fork(path.join(__dirname, file), [JSON.stringify(job)], {
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = <T>(message: unknown) =>
    new Promise<T>((resolve, reject) => {
      child.once('message', (value: T & Reply) =>
        value.error ? reject(new Error(`${file}: ${value.error}`)) : resolve(value),
      );
      child.send(message as object);
    });
  const ready = new Promise<Reply>((resolve, reject) => {
    child.once('message', (m: Reply) => (m.error ? reject(new Error(`${file}: ${m.error}`)) : resolve(m)));
    child.once('exit', (code) => reject(new Error(`${file} exited (${code}) before it was ready`)));
  });
  return { child, ask, ready };
}

/** Clients per process: one Node process takes about 12,000 frames/s, and the clients must not be what is measured. */
const CLIENTS_PER_PROCESS = 2_500;

/** The clients, spread over processes, asked as one: connect, storm and close answer once all have. */
function clientProcesses(url: string, skus: readonly string[], connections: number) {
  const count = Math.max(1, Math.ceil(connections / CLIENTS_PER_PROCESS));
  const groups = Array.from({ length: count }, (_, k) => {
    const first = Math.floor((k * connections) / count);
    const next = Math.floor(((k + 1) * connections) / count);
    return processOf('live-clients.process.js', { url, skus, connections: next - first, first });
  });
  const all = <T>(message: unknown) => Promise.all(groups.map((g) => g.ask<T>(message)));
  return {
    ready: Promise.all(groups.map((g) => g.ready)).then(() => undefined),
    connect: () => all('connect'),
    storm: async () => ({
      stormMs: Math.max(...(await all<{ stormMs: number }>('storm')).map((r) => r.stormMs)),
    }),
    report: async (): Promise<ClientsReport> => mergeReports(await all<ClientsReport>('report')),
    close: () => all('close'),
    kill: () => groups.forEach((g) => g.child.kill()),
  };
}

function mergeReports(reports: readonly ClientsReport[]): ClientsReport {
  const concat = (pick: (r: ClientsReport) => Float64Array) => {
    const out = new Float64Array(reports.reduce((n, r) => n + pick(r).length, 0));
    let at = 0;
    for (const r of reports) {
      out.set(pick(r), at);
      at += pick(r).length;
    }
    return out;
  };
  const onHand = new Map<string, Set<number>>();
  for (const r of reports)
    for (const [sku, values] of Object.entries(r.onHand))
      for (const v of values) onHand.set(sku, (onHand.get(sku) ?? new Set()).add(v));
  const sum = (pick: (r: ClientsReport) => number) => reports.reduce((n, r) => n + pick(r), 0);
  return {
    deliveries: sum((r) => r.deliveries),
    partitions: concat((r) => r.partitions),
    offsets: concat((r) => r.offsets),
    heldAt: concat((r) => r.heldAt),
    duplicates: sum((r) => r.duplicates),
    gaps: sum((r) => r.gaps),
    resumed: sum((r) => r.resumed),
    started: sum((r) => r.started),
    onHand: Object.fromEntries([...onHand].map(([sku, values]) => [sku, [...values]])),
    cpuSeconds: sum((r) => r.cpuSeconds),
  };
}

async function counterValue(
  metric: { get(): Promise<{ values: { value: number; labels: object }[] }> },
  labels: object = {},
): Promise<number> {
  const { values } = await metric.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, l]) => (v.labels as Record<string, unknown>)[k] === l))
    .reduce((n, v) => n + v.value, 0);
}

/**
 * Live push on loopback against the running platform (its projector applies stock_levels and its commerce API
 * serves the simulator): a gateway in this process, clients (2,500 per process) and writers in processes of their own, and the commit
 * clock in a thread. Four phases: connect every client; paced writes under the simulator's load (commit → client latency);
 * a burst of writes (deliveries per second); and a storm, every client dropped at once and resumed with `since`
 * while writes go on, each ending with every change once.
 */
export async function runLiveBench(options: {
  readonly platform: PlatformConfig;
  readonly root: string;
  readonly connections: number;
  readonly skus: number;
  readonly loadSeconds: number;
  readonly writesPerSecond: number;
  readonly simulatorRate: number;
  readonly burstWrites: number;
  readonly log: (line: string) => void;
}): Promise<LiveBenchResult> {
  const { platform, connections, log } = options;
  const prefix = `BENCH-LIVE-${Date.now().toString(36)}`;
  const skus = Array.from({ length: options.skus }, (_, i) => `${prefix}-${i}`);
  const live = new LiveServer({ ...loadLiveConfig(platform, {}), heartbeatMs: 60_000 });
  const server = createServer();
  await live.start();
  live.attach(server);
  // The apps' backlog: the storm phase connects every client again at once.
  await new Promise<void>((resolve) =>
    server.listen({ port: 0, host: '127.0.0.1', backlog: LISTEN_BACKLOG }, resolve),
  );
  const { port } = server.address() as { port: number };
  const clock = await startCommitClock({
    databaseUrl: platform.database.url,
    projection: platform.projector.namespace
      ? `${platform.projector.namespace}_stock_levels`
      : 'stock_levels',
    topic: platform.projector.namespace
      ? `shopstream.inventory.${platform.projector.namespace}`
      : 'shopstream.inventory',
  });
  const relay = processOf('floor-relay.process.js', {
    databaseUrl: platform.database.url,
    channel: COMMIT_CLOCK_CHANNEL,
  });
  const floor = relay.ready.then(({ port: relayPort }) =>
    processOf('floor-client.process.js', { url: `ws://127.0.0.1:${Number(relayPort)}` }),
  );
  const clients = clientProcesses(`ws://127.0.0.1:${port}/live`, skus, connections);
  const writer = processOf('live-writer.process.js', { skus });
  let written: Record<string, number> = {};
  const write = async (order: object) => {
    written = (await writer.ask<{ written: Record<string, number> }>(order)).written;
  };
  const held: { partition: number; offset: number; at: number }[] = [];
  const report = async () => {
    const r = await clients.report();
    for (let i = 0; i < r.partitions.length; i++)
      held.push({ partition: r.partitions[i]!, offset: r.offsets[i]!, at: r.heldAt[i]! });
    return r;
  };
  /** Every client holds its sku's last written value. */
  const caughtUp = (r: ClientsReport) =>
    Object.entries(r.onHand).every(
      ([sku, values]) => values.length === 1 && values[0] === (written[sku] ?? 0),
    );
  try {
    await Promise.all([writer.ready, clients.ready, floor.then((f) => f.ready)]);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const connectStarted = Date.now();
    await clients.connect();
    const connectSeconds = (Date.now() - connectStarted) / 1000;
    global.gc?.();
    const heapPerConnectionBytes = Math.round((process.memoryUsage().heapUsed - heapBefore) / connections);
    log(`live: ${connections} connections held on ${skus.length} skus after ${connectSeconds.toFixed(1)} s`);

    await write({ op: 'burst', count: skus.length, inFlight: 16 });
    await waitFor(async () => caughtUp(await report()), {
      timeoutMs: 120_000,
      intervalMs: 200,
      what: 'every client to hold its first change: the live section needs the platform running (shopstream up)',
    });
    held.length = 0;

    const simulator = spawn(
      process.execPath,
      [
        path.join(options.root, 'bin', 'shopstream.js'),
        'simulate',
        '--rate',
        String(options.simulatorRate),
        '--duration',
        String(options.loadSeconds),
        '--catalogue',
        `${prefix}-SIM`,
        '--json',
      ],
      { cwd: options.root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // 'close', not 'exit': a process can exit before its output has been read from the pipes.
    const simulated = new Promise<{ code: number | null; out: string }>((resolve) => {
      let out = '';
      simulator.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      simulator.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      simulator.on('close', (code) => resolve({ code, out }));
    });
    await (await floor).ask('start');
    await write({ op: 'paced', perSecond: options.writesPerSecond, seconds: options.loadSeconds });
    const floorHeld = await (await floor).ask<FloorReport>('report');
    const simulatorOutput = await simulated;
    await waitFor(async () => caughtUp(await report()), {
      timeoutMs: 120_000,
      intervalMs: 200,
      what: 'every client to hold the last paced write',
    });
    await clock.refresh();
    const latencies = held.flatMap(({ partition, offset, at }) => {
      const committed = clock.committedAt(partition, offset);
      return committed === null ? [] : [at - committed];
    });
    const unclocked = held.length - latencies.length;
    const latency = percentiles(latencies);
    const floorLatencies = Array.from(floorHeld.heldAt).flatMap((at, i) => {
      const committed = clock.committedAt(floorHeld.partitions[i]!, floorHeld.nextOffsets[i]! - 1);
      return committed === null ? [] : [at - committed];
    });
    const floorLatency = percentiles(floorLatencies);
    const loadDeliveries = held.length;
    log(
      `live: under load ${loadDeliveries} deliveries, commit → client p50 ${latency.p50.toFixed(1)} ms, ` +
        `p99 ${latency.p99.toFixed(1)} ms${unclocked ? ` (${unclocked} without a clocked commit)` : ''}; ` +
        `a bare relay of the same commits p50 ${floorLatency.p50.toFixed(1)} ms, p99 ${floorLatency.p99.toFixed(1)} ms`,
    );
    const simulatorOrders = ordersPlaced(simulatorOutput.out);
    if (simulatorOrders === null)
      log(
        `live: the simulator did not finish (exit ${simulatorOutput.code}): ${simulatorOutput.out.slice(-300)}`,
      );
    else if (simulatorOutput.code !== 0)
      // It exits with 1 when its read models did not match its own record within 15 s of its end.
      log(
        `live: the simulator placed its orders but exited with ${simulatorOutput.code}: its reconciliation failed`,
      );
    held.length = 0;

    const cpuBefore = process.cpuUsage();
    const { deliveries: deliveredBefore, cpuSeconds: clientsCpuBefore } = await report();
    held.length = 0;
    await write({ op: 'burst', count: options.burstWrites, inFlight: 64 });
    await waitFor(async () => caughtUp(await report()), {
      timeoutMs: 300_000,
      intervalMs: 100,
      what: 'every client to hold the last burst write',
    });
    // The gateway process's own CPU time (clients and writers run elsewhere): what a core spent on it, however
    // busy the rest of the machine was.
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const afterBurst = await report();
    const burstDeliveries = afterBurst.deliveries - deliveredBefore;
    const clientsCpuSeconds = afterBurst.cpuSeconds - clientsCpuBefore;
    const times = held.map((h) => h.at).sort((a, b) => a - b);
    const burstSeconds = Math.max(0.001, ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000);
    const deliveriesPerSecond = Math.round(burstDeliveries / burstSeconds);
    log(
      `live: burst of ${options.burstWrites} writes, ${burstDeliveries} deliveries in ${burstSeconds.toFixed(1)} s ` +
        `(${deliveriesPerSecond}/s, gateway CPU ${cpuSeconds.toFixed(1)} s, clients' CPU ${clientsCpuSeconds.toFixed(1)} s)`,
    );
    held.length = 0;

    const memoryBefore = await counterValue(live.metrics.resumeReads, { from: 'memory' });
    const logBefore = await counterValue(live.metrics.resumeReads, { from: 'log' });
    const storming = clients.storm();
    await write({ op: 'burst', count: skus.length * 2, inFlight: 16 });
    const { stormMs } = await storming;
    let last = await report();
    await waitFor(
      async () => {
        last = await report();
        return caughtUp(last);
      },
      { timeoutMs: 120_000, intervalMs: 200, what: 'every client to hold the final stock after the storm' },
    );
    log(`live: storm of ${connections} clients resumed in ${stormMs} ms`);
    return {
      connections,
      skus: skus.length,
      connectSeconds,
      heapPerConnectionBytes,
      load: {
        seconds: options.loadSeconds,
        writesPerSecond: options.writesPerSecond,
        simulatorOrdersPerSecond: round((simulatorOrders ?? 0) / options.loadSeconds),
        deliveries: loadDeliveries,
        commitToClientP50Ms: round(latency.p50),
        commitToClientP99Ms: round(latency.p99),
        commitToClientMaxMs: round(latency.max),
        floorP50Ms: round(floorLatency.p50),
        floorP99Ms: round(floorLatency.p99),
        floorSamples: floorLatencies.length,
      },
      burst: {
        writes: options.burstWrites,
        deliveries: burstDeliveries,
        seconds: round(burstSeconds),
        deliveriesPerSecond,
        gatewayCpuSeconds: round(cpuSeconds),
        deliveriesPerCpuSecond: Math.round(burstDeliveries / Math.max(0.001, cpuSeconds)),
        clientsCpuSeconds: round(clientsCpuSeconds),
        deliveriesPerClientCpuSecond: Math.round(burstDeliveries / Math.max(0.001, clientsCpuSeconds)),
      },
      storm: {
        clients: connections,
        resumedMs: stormMs,
        resumed: last.resumed,
        fromMemory: (await counterValue(live.metrics.resumeReads, { from: 'memory' })) - memoryBefore,
        fromLog: (await counterValue(live.metrics.resumeReads, { from: 'log' })) - logBefore,
      },
      gaps: last.gaps,
      duplicates: last.duplicates,
      coalesced: await counterValue(live.metrics.coalesced),
    };
  } finally {
    await clients.close().catch(() => undefined);
    clients.kill();
    await writer.ask({ op: 'close' }).catch(() => undefined);
    writer.child.kill();
    for (const helper of [relay, await floor.catch(() => null)]) {
      await helper?.ask('close').catch(() => undefined);
      helper?.child.kill();
    }
    await clock.stop();
    await live.stop();
    server.close();
  }
}

const round = (x: number) => Math.round(x * 100) / 100;

/** Orders the simulator placed, from its JSON summary; null when it printed none (it failed). */
function ordersPlaced(output: string): number | null {
  const start = output.indexOf('{');
  if (start < 0) return null;
  try {
    const stats = JSON.parse(output.slice(start)) as { ordersPlaced?: number };
    return stats.ordersPlaced ?? null;
  } catch {
    return null;
  }
}
