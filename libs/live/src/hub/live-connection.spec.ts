import { loadConfig } from '@shopstream/config';
import pino from 'pino';
import { LiveConfig } from '../config/live-config';
import { SourceFeed } from '../feed/source-feed';
import { LiveMetrics } from '../metrics/live-metrics';
import { ChannelSource } from '../protocol/channel';
import { Position } from '../protocol/position';
import { Delivery } from './delivery';
import { LiveConnection, LiveSocket, SLOW_CONSUMER_CLOSE } from './live-connection';
import { SubscriptionHub } from './subscription-hub';

class FakeSocket implements LiveSocket {
  readonly sent: Record<string, unknown>[] = [];
  cork?: () => void;
  uncork?: () => void;
  bufferedAmount = 0;
  closedWith: number | null = null;
  pings = 0;
  terminated = false;
  send(text: string) {
    this.sent.push(JSON.parse(text) as Record<string, unknown>);
  }
  ping() {
    this.pings++;
  }
  close(code: number) {
    this.closedWith = code;
  }
  terminate() {
    this.terminated = true;
  }
}

const config: LiveConfig = {
  port: 0,
  brokers: [],
  registryUrl: 'http://unused',
  databaseUrl: 'postgres://unused',
  namespace: null,
  maxSubscriptions: 10,
  maxFrameBytes: 1_000,
  heartbeatMs: 100,
  recentEvents: 100,
  pongTimeoutMs: 50,
  security: loadConfig({}).security,
  home: '/nonexistent',
  sendBudgetBytes: 1_000,
};
const position: Position = { epoch: 'v1-1', offsets: [0n, 0n] };

/** A feed that starts every subscription with an empty snapshot at `position`. */
const feed = {
  open: () => Promise.resolve({ kind: 'snapshot', data: {}, position }),
} as unknown as SourceFeed;

function setUp() {
  const socket = new FakeSocket();
  const hub = new SubscriptionHub();
  const metrics = new LiveMetrics();
  const feeds = new Map<ChannelSource, SourceFeed>([
    ['stock', feed],
    ['orders', feed],
  ]);
  const connection = new LiveConnection(socket, {
    hub,
    feeds,
    config,
    metrics,
    logger: pino({ level: 'silent' }),
  });
  return { socket, hub, metrics, connection };
}

const stock = (key: string, offset: bigint, onHand: number): Delivery => ({
  key,
  partition: 1,
  offset,
  change: { kind: 'received', quantity: 1 },
  data: { sku: key, onHand },
});

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('LiveConnection', () => {
  it('writes the frames of one push together: corked while they are sent, uncorked after', async () => {
    const { socket, hub, connection } = setUp();
    const calls: string[] = [];
    socket.cork = () => calls.push('cork');
    socket.uncork = () => calls.push('uncork');
    const send = socket.send.bind(socket);
    socket.send = (text: string) => {
      calls.push('send');
      send(text);
    };
    connection.onMessage(JSON.stringify({ op: 'subscribe', channel: 'stock' }), false);
    await settle();
    calls.length = 0;
    hub.deliver('stock', [stock('A', 1n, 1), stock('B', 2n, 1), stock('A', 3n, 2)]);
    expect(calls).toEqual(['cork', 'send', 'send', 'send']);
    await settle();
    expect(calls).toEqual(['cork', 'send', 'send', 'send', 'uncork']);
    hub.deliver('stock', [stock('C', 4n, 1)]);
    await settle();
    expect(calls.slice(5)).toEqual(['cork', 'send', 'uncork']);
  });

  it('coalesces a slow client’s stock deltas to the latest value per sku, counting each one replaced', async () => {
    const { socket, hub, metrics, connection } = setUp();
    connection.onMessage(JSON.stringify({ op: 'subscribe', channel: 'stock' }), false);
    await settle();
    socket.bufferedAmount = 5_000;
    hub.deliver('stock', [stock('A', 1n, 1), stock('B', 2n, 1), stock('A', 3n, 2), stock('A', 4n, 3)]);
    expect(socket.sent.map((f) => f.type)).toEqual(['snapshot']);
    socket.bufferedAmount = 0;
    connection.tick(Date.now());
    const deltas = socket.sent.filter((f) => f.type === 'delta') as {
      data: { sku: string; onHand: number };
    }[];
    expect(deltas.map((d) => [d.data.sku, d.data.onHand])).toEqual([
      ['B', 1],
      ['A', 3],
    ]);
    expect((await metrics.coalesced.get()).values[0]?.value).toBe(2);
    expect(socket.closedWith).toBeNull();
  });

  it('cuts off a slow client of an order channel with the position to resume from', async () => {
    const { socket, hub, metrics, connection } = setUp();
    connection.onMessage(JSON.stringify({ op: 'subscribe', channel: 'order:o-1' }), false);
    await settle();
    socket.bufferedAmount = 5_000;
    hub.deliver('orders', [
      {
        key: 'o-1',
        partition: 0,
        offset: 7n,
        change: { kind: 'order-status', event: 'OrderPaid', occurredAt: '' },
        data: {},
      },
    ]);
    const error = socket.sent.at(-1);
    expect(error).toMatchObject({
      type: 'error',
      code: 'slow-consumer',
      resume: { 'order:o-1': 'v1-1:0,0' },
    });
    expect(socket.closedWith).toBe(SLOW_CONSUMER_CLOSE);
    expect((await metrics.dropped.get()).values[0]?.value).toBe(1);
  });

  it('pings a quiet client and drops it when no pong comes in time', () => {
    const { socket, connection } = setUp();
    const start = Date.now();
    connection.tick(start + 100);
    expect(socket.pings).toBe(1);
    expect(socket.sent.at(-1)).toEqual({ type: 'heartbeat' });
    connection.tick(start + 140);
    expect(socket.terminated).toBe(false);
    connection.tick(start + 151);
    expect(socket.terminated).toBe(true);
  });

  it('keeps a client that answers its pings', () => {
    const { socket, connection } = setUp();
    const start = Date.now();
    connection.tick(start + 100);
    connection.onPong();
    connection.tick(start + 180);
    expect(socket.terminated).toBe(false);
  });
});
