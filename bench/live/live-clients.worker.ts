import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

/*
 * Live clients in a worker thread, so the gateway's event loop (in the main thread) is measured without them.
 * Each client follows one sku and checks its own frames: every delta past the last position, none twice.
 */

interface Job {
  readonly url: string;
  readonly skus: readonly string[];
  readonly connections: number;
}

interface Client {
  readonly sku: string;
  socket: WebSocket;
  position: string | null;
  seen: Set<string>;
  deltas: number;
  gaps: number;
  duplicates: number;
  resumed: boolean;
  onHand: number;
}

const { url, skus, connections } = workerData as Job;
const clients: Client[] = [];
const latencies: number[] = [];
let deliveries = 0;

/** Each delta moves one partition of the position by exactly the events of that partition it covers. */
function partitionOffset(position: string): string {
  return position.slice(position.indexOf(':') + 1);
}

/** Connects and subscribes (resuming when the client has a position); a refused connect is tried again. */
function open(client: Client): Promise<void> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    client.socket = socket;
    socket.on('open', () =>
      socket.send(
        JSON.stringify({
          op: 'subscribe',
          channel: `stock:${client.sku}`,
          ...(client.position ? { since: client.position } : {}),
        }),
      ),
    );
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as {
        type: string;
        position?: string;
        data?: { onHand: number; updatedAt: string };
      };
      if (frame.type === 'snapshot' || frame.type === 'resumed') {
        if (frame.type === 'resumed') client.resumed = true;
        if (frame.data) client.onHand = frame.data.onHand;
        if (frame.position) client.position = frame.position;
        resolve();
        return;
      }
      if (frame.type !== 'delta' || !frame.position || !frame.data) return;
      const key = partitionOffset(frame.position);
      if (client.seen.has(key)) client.duplicates++;
      client.seen.add(key);
      client.position = frame.position;
      client.onHand = frame.data.onHand;
      client.deltas++;
      deliveries++;
      latencies.push(Date.now() - Date.parse(frame.data.updatedAt));
    });
    socket.on('error', () => {
      // A storm of connects can overflow the listen backlog: the client retries, as a real one would.
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      setTimeout(() => void open(client).then(resolve), 50 + Math.random() * 200);
    });
  });
}

async function connectAll(): Promise<void> {
  for (let i = 0; i < connections; i += 200) {
    const batch = Array.from({ length: Math.min(200, connections - i) }, (_, j) => {
      const client: Client = {
        sku: skus[(i + j) % skus.length]!,
        socket: null as unknown as WebSocket,
        position: null,
        seen: new Set(),
        deltas: 0,
        gaps: 0,
        duplicates: 0,
        resumed: false,
        onHand: 0,
      };
      clients.push(client);
      return open(client);
    });
    await Promise.all(batch);
  }
}

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

parentPort!.on('message', (message: string) => {
  const reply = (value: unknown) => parentPort!.postMessage(value);
  if (message === 'connect') void connectAll().then(() => reply({ connected: clients.length }));
  if (message === 'storm') void storm().then((ms) => reply({ stormMs: ms }));
  if (message === 'report') {
    const perSku = new Map<string, Set<number>>();
    for (const c of clients) perSku.set(c.sku, (perSku.get(c.sku) ?? new Set()).add(c.onHand));
    reply({
      deliveries,
      latencies,
      duplicates: clients.reduce((n, c) => n + c.duplicates, 0),
      resumed: clients.filter((c) => c.resumed).length,
      onHand: Object.fromEntries([...perSku].map(([sku, values]) => [sku, [...values]])),
    });
    latencies.length = 0;
  }
  if (message === 'close') {
    for (const c of clients) c.socket.close();
    reply({ closed: true });
  }
});
