import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Cleanup } from '../support/cleanup';
import { optionalModule } from '../support/optional-module';
import { sleep, waitFor } from '../support/wait-for';
import { apiAuthHeaders } from '../support/api-auth';
import { Autocannon, figure, HttpFigure } from './autocannon';
import { measureOtherCommands, OtherCommandFigures } from './other-commands.bench';

export type { HttpFigure } from './autocannon';

/** CPU seconds (user + system) each app used over the commands' load. */
export type AppCpuSeconds = Readonly<Record<'api' | 'processor' | 'projector', number>>;

/** User + system CPU seconds of a process so far, from /proc (Linux); NaN elsewhere. */
function cpuSecondsOf(pid: number | undefined): number {
  const stat = `/proc/${pid}/stat`;
  if (pid === undefined || !fs.existsSync(stat)) return Number.NaN;
  // Fields 14 and 15 (utime, stime) in clock ticks; after the parenthesised name, they are the 12th and 13th.
  const fields = fs.readFileSync(stat, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export type ApiResult =
  | {
      readonly ran: true;
      readonly commands: HttpFigure;
      readonly commandsCpu?: AppCpuSeconds;
      readonly queries: HttpFigure | string;
      /** The other commands, each loaded on its own after the orders (absent when not asked for). */
      readonly others?: OtherCommandFigures;
      readonly connections: number;
      readonly seconds: number;
    }
  | { readonly ran: false; readonly reason: string };

/** The SKUs the orders draw from; each gets more stock than a run can sell, so every order is reserved and confirmed. */
const SKUS = 20;

function orderBody(ns: string, i: number): string {
  return JSON.stringify({
    customerId: `${ns}-customer-${i % 500}`,
    currency: 'EUR',
    lines: [
      { sku: `${ns}-SKU-${i % SKUS}`, quantity: 1 + (i % 3), unitPriceMinor: 1_999 },
      { sku: `${ns}-SKU-${(i + 7) % SKUS}`, quantity: 1, unitPriceMinor: 499 },
    ],
    shippingAddress: {
      name: 'Bench Customer',
      line1: '1 Load Street',
      city: 'Berlin',
      postalCode: '10115',
      country: 'DE',
    },
    channel: 'WEB',
  });
}

function startNode(
  root: string,
  script: string,
  env: NodeJS.ProcessEnv,
  log: string,
  cleanup: Cleanup,
  nodeArgs: readonly string[] = [],
): ChildProcess {
  const out = fs.openSync(log, 'a');
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, script)], {
    cwd: root,
    env,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanup.add(`stop ${script} (pid ${child.pid})`, async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return child;
}

/**
 * API: the commerce API and the processor started from dist/, then autocannon on loopback, bounded in time and
 * connections: POST /orders (each request its own idempotency key), and GET /orders/:id where the API serves it.
 * Note the API has no namespace: its orders go to the live topics, under customer and SKU ids prefixed with the
 * run's namespace.
 */
export async function runApiBench(options: {
  root: string;
  home: string;
  ns: string;
  seconds: number;
  connections: number;
  cleanup: Cleanup;
  /** Node flags per app, e.g. `--cpu-prof` to profile it. */
  nodeArgs?: Partial<Record<keyof AppCpuSeconds, readonly string[]>>;
  /** Called once the API answers, before the load starts, and after the load (to read counters around it). */
  around?: { before(): Promise<void>; after(): Promise<void> };
  /** Leaves out GET /orders/:id, e.g. while profiling the command path. */
  commandsOnly?: boolean;
  /** Loads the other commands too (stock, payment captures, behaviour): needs the database and webhook secret. */
  others?: { readonly databaseUrl: string; readonly webhookSecret: string };
}): Promise<ApiResult> {
  const { root, ns, cleanup } = options;
  const autocannon = optionalModule<Autocannon>('autocannon');
  if (!autocannon) return { ran: false, reason: 'autocannon is not installed (npm i -D autocannon)' };
  const api = 'dist/apps/commerce-api/src/main.js';
  const processor = 'dist/apps/processor/src/main.js';
  const projector = 'dist/apps/projector/src/main.js';
  for (const script of [api, processor, projector])
    if (!fs.existsSync(path.join(root, script))) return { ran: false, reason: `${script} is not built` };

  const port = 13_000 + Math.floor(Math.random() * 1_000);
  const env = {
    ...process.env,
    SHOPSTREAM_COMMERCE_API_PORT: String(port),
    SHOPSTREAM_PROCESSOR_METRICS_PORT: String(port + 1),
    SHOPSTREAM_PROJECTOR_METRICS_PORT: String(port + 2),
    // Every read model, as `shopstream up` runs them: a projector of fewer would be a consumer group of its own,
    // writing the same read models as the platform's projector when that runs too, each undoing the other's
    // checkpoints. With the platform's apps up, the bench's processor and projector join theirs (two of each).
    SHOPSTREAM_PROJECTOR_ONLY: '',
  };
  const logs = path.join(options.home, 'logs');
  fs.mkdirSync(logs, { recursive: true });
  const apiChild = startNode(
    root,
    api,
    env,
    path.join(logs, `bench-commerce-api-${ns}.log`),
    cleanup,
    options.nodeArgs?.api,
  );
  const apps = {
    api: apiChild,
    processor: startNode(
      root,
      processor,
      env,
      path.join(logs, `bench-processor-${ns}.log`),
      cleanup,
      options.nodeArgs?.processor,
    ),
    projector: startNode(
      root,
      projector,
      env,
      path.join(logs, `bench-projector-${ns}.log`),
      cleanup,
      options.nodeArgs?.projector,
    ),
  };
  const cpuNow = (): AppCpuSeconds => ({
    api: cpuSecondsOf(apps.api.pid),
    processor: cpuSecondsOf(apps.processor.pid),
    projector: cpuSecondsOf(apps.projector.pid),
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        if (apiChild.exitCode !== null) throw new Error(`commerce API exited with ${apiChild.exitCode}`);
        return fetch(`${url}/ready`).then(
          (r) => r.ok,
          () => false,
        );
      },
      { timeoutMs: 90_000, intervalMs: 500, what: 'the commerce API to be ready' },
    );
  } catch (error) {
    return {
      ran: false,
      reason: `the commerce API did not start: ${(error as Error).message} (see .shopstream/logs)`,
    };
  }
  let i = 0;
  const auth = apiAuthHeaders();
  // Orders for unknown stock are all rejected, a shorter path than a sale's: stock them first.
  for (let sku = 0; sku < SKUS; sku++) {
    const received = await fetch(`${url}/inventory/${ns}-SKU-${sku}/receive`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...auth },
      body: JSON.stringify({ quantity: 1_000_000 }),
    });
    if (!received.ok) return { ran: false, reason: `receiving stock answered ${received.status}` };
  }
  await options.around?.before();
  const cpuBefore = cpuNow();
  const commands = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/orders',
        setupRequest: (request) => ({
          ...request,
          headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...auth },
          body: orderBody(ns, i++),
        }),
      },
    ],
  });
  await options.around?.after();
  const cpuAfter = cpuNow();
  const commandsCpu: AppCpuSeconds = {
    api: cpuAfter.api - cpuBefore.api,
    processor: cpuAfter.processor - cpuBefore.processor,
    projector: cpuAfter.projector - cpuBefore.projector,
  };
  const others = options.others
    ? await measureOtherCommands({
        autocannon,
        url,
        auth,
        ns,
        skus: Array.from({ length: SKUS }, (_, sku) => `${ns}-SKU-${sku}`),
        seconds: options.seconds,
        connections: options.connections,
        ...options.others,
      })
    : undefined;
  if (options.commandsOnly)
    return {
      ran: true,
      commands: figure(commands),
      commandsCpu,
      queries: 'not measured (commands only)',
      ...(others ? { others } : {}),
      connections: options.connections,
      seconds: options.seconds,
    };
  const probe = await fetch(`${url}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...auth },
    body: orderBody(ns, 0),
  });
  const placed = (await probe.json().catch(() => ({}))) as {
    orderId?: string;
    consistencyToken?: { partition: number; offset: string };
  };
  const token = placed.consistencyToken;
  let queries: HttpFigure | string =
    'GET /orders/:id did not find the probe order in the read models within 5 s';
  // The consistency token makes the first read wait until the projector has applied the probe order.
  const visible = placed.orderId
    ? await fetch(
        `${url}/orders/${placed.orderId}${token ? `?after=${token.partition}:${token.offset}` : ''}`,
        { headers: auth },
      )
    : null;
  if (placed.orderId && visible?.ok) {
    queries = figure(
      await autocannon({
        url: `${url}/orders/${placed.orderId}`,
        connections: options.connections,
        duration: options.seconds,
        headers: auth,
      }),
    );
  }
  return {
    ran: true,
    commands: figure(commands),
    commandsCpu,
    queries,
    ...(others ? { others } : {}),
    connections: options.connections,
    seconds: options.seconds,
  };
}
