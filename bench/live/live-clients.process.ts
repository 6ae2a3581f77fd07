import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

/*
 * Live clients in a process of their own, so the gateway's process is measured without them.
 * Each client follows one sku. Every delta moves the client's position on exactly one partition, by which it
 * learns the delta's offset: the worker records (partition, offset, time held) for the latency against the commit
 * clock, and checks that a client's offsets only grow (a repeat is a duplicate) and that it ends on the sku's last
 * value having received one delta per change since its snapshot (a shortfall is a gap).
 */

interface Job {
  readonly url: string;
  readonly skus: readonly string[];
  readonly connections: number;
  /** Index of this process's first client among all the benchmark's clients, so skus stay evenly followed. */
  readonly first: number;
}

interface Client {
  readonly sku: string;
  socket: WebSocket;
  /** The last position's offsets, as sent: compared as text, read as numbers only for the moved partition. */
  position: string[] | null;
  epoch: string;
  /** onHand in the client's first snapshot, and deltas received since: each write adds 1 to onHand. */
  firstOnHand: number | null;
  deltas: number;
  onHand: number;
  lastOffset: number;
  /** The sku's partition, learnt from a delta that moved one partition only (a resume moves several at once). */
  partition: number | null;
  duplicates: number;
  resumed: boolean;
  started: boolean;
}

export interface ClientsReport {
  readonly deliveries: number;
  /** Per delta since the last report: partition, offset and the time (ms since the epoch) the client held it. */
  readonly partitions: Float64Array;
  readonly offsets: Float64Array;
  readonly heldAt: Float64Array;
  readonly duplicates: number;
  /** Clients whose deltas fall short of the changes they should have seen. */
  readonly gaps: number;
  readonly resumed: number;
  readonly started: number;
  /** Per sku, the distinct onHand values its clients hold (one value once all caught up). */
  readonly onHand: Record<string, number[]>;
  /** CPU time this process (these clients) used since it started, in seconds. */
  readonly cpuSeconds: number;
}

const { url, skus, connections, first } = JSON.parse(process.argv[2] ?? '{}') as Job;
const clients: Client[] = [];
let deliveries = 0;
let record = { partitions: [] as number[], offsets: [] as number[], heldAt: [] as number[] };

const now = () => performance.timeOrigin + performance.now();

function parsePosition(token: string): { epoch: string; offsets: string[] } {
  const colon = token.indexOf(':');
  return { epoch: token.slice(0, colon), offsets: token.slice(colon + 1).split(',') };
}

function onFrame(client: Client, text: string, started: () => void): void {
  const frame = JSON.parse(text) as {
    type: string;
    position?: string;
    data?: { onHand: number } | null;
  };
  if (frame.type === 'snapshot' || frame.type === 'resumed') {
    if (frame.type === 'resumed') client.resumed = true;
    if (frame.type === 'snapshot') {
      const onHand = frame.data?.onHand ?? 0;
      // A fresh snapshot after a resume restarts the count from what it shows.
      client.firstOnHand = onHand - client.deltas;
      client.onHand = onHand;
    }
    if (frame.position) {
      const { epoch, offsets } = parsePosition(frame.position);
      client.epoch = epoch;
      client.position = offsets;
    }
    client.started = true;
    started();
    return;
  }
  if (frame.type !== 'delta' || !frame.position || !frame.data) return;
  const held = now();
  const { offsets } = parsePosition(frame.position);
  const before = client.position ?? [];
  const moved = offsets.flatMap((o, p) => (o !== (before[p] ?? '0') ? [p] : []));
  client.position = offsets;
  if (client.partition === null && moved.length === 1) client.partition = moved[0]!;
  const partition = client.partition ?? moved[0];
  if (partition === undefined) {
    client.duplicates++;
    return;
  }
  const offset = Number(offsets[partition]) - 1;
  if (offset <= client.lastOffset) client.duplicates++;
  client.lastOffset = offset;
  client.onHand = frame.data.onHand;
  client.deltas++;
  deliveries++;
  record.partitions.push(partition);
  record.offsets.push(offset);
  record.heldAt.push(held);
}

/** Connects and subscribes (resuming when the client has a position); a refused connect is tried again. */
function open(client: Client): Promise<void> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    client.socket = socket;
    client.started = false;
    socket.on('open', () =>
      socket.send(
        JSON.stringify({
          op: 'subscribe',
          channel: `stock:${client.sku}`,
          ...(client.position ? { since: `${client.epoch}:${client.position.join(',')}` } : {}),
        }),
      ),
    );
    socket.on('message', (data: Buffer) => onFrame(client, data.toString(), resolve));
    socket.on('error', () => {
      // A storm of connects can overflow the listen backlog: the client retries, as a real one would.
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      setTimeout(() => void open(client).then(resolve), 50 + Math.random() * 200);
    });
  });
}

async function connectAll(): Promise<void> {
  for (let i = 0; i < connections; i += 250) {
    const batch = Array.from({ length: Math.min(250, connections - i) }, (_, j) => {
      const client: Client = {
        sku: skus[(first + i + j) % skus.length]!,
        socket: null as unknown as WebSocket,
        position: null,
        epoch: '',
        firstOnHand: null,
        deltas: 0,
        onHand: 0,
        lastOffset: -1,
        partition: null,
        duplicates: 0,
        resumed: false,
        started: false,
      };
      clients.push(client);
      return open(client);
    });
    await Promise.all(batch);
  }
}

/** Drops every client at once, then each reconnects with its position; resolves when all have started again. */
async function storm(): Promise<number> {
  for (const client of clients) {
    client.socket.removeAllListeners();
    client.socket.on('error', () => undefined);
    client.socket.terminate();
  }
  const started = Date.now();
  await Promise.all(clients.map((c) => open(c)));
  return Date.now() - started;
}

function report(): ClientsReport {
  const perSku = new Map<string, Set<number>>();
  for (const c of clients) perSku.set(c.sku, (perSku.get(c.sku) ?? new Set()).add(c.onHand));
  const taken = record;
  record = { partitions: [], offsets: [], heldAt: [] };
  return {
    deliveries,
    partitions: Float64Array.from(taken.partitions),
    offsets: Float64Array.from(taken.offsets),
    heldAt: Float64Array.from(taken.heldAt),
    duplicates: clients.reduce((n, c) => n + c.duplicates, 0),
    gaps: clients.filter((c) => c.firstOnHand !== null && c.onHand - c.firstOnHand > c.deltas).length,
    resumed: clients.filter((c) => c.resumed).length,
    started: clients.filter((c) => c.started).length,
    onHand: Object.fromEntries([...perSku].map(([sku, values]) => [sku, [...values]])),
    cpuSeconds: (({ user, system }) => (user + system) / 1e6)(process.cpuUsage()),
  };
}

process.on('message', (message: string) => {
  const reply = (value: unknown) => process.send!(value);
  if (message === 'connect') void connectAll().then(() => reply({ connected: clients.length }));
  if (message === 'storm') void storm().then((ms) => reply({ stormMs: ms }));
  if (message === 'report') reply(report());
  if (message === 'close') {
    for (const c of clients) c.socket.close();
    reply({ closed: true });
  }
});
process.send!({ ready: true });
