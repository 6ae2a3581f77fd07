import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createOrderFlowCommands, OrderFlowCommandsHandle } from '@shopstream/order-flow';
import { platformConfig } from '../../support/platform';
import { uniqueName, waitFor } from '../../support/wait-for';
import {
  Frame,
  gatewayCounter,
  LiveClient,
  offsetsOf,
  RunningGateway,
  startGateway,
  startPipeline,
} from './live-harness';

const config = platformConfig();
const meta = () => ({ idempotencyKey: null, requestHash: 'h', correlationId: randomUUID() });
const address = {
  name: 'Grace Hopper',
  line1: 'Dock 7',
  line2: null,
  city: 'Hamburg',
  postalCode: '20457',
  country: 'DE',
};

/** Each frame's offset on the partition its key lives on: the one partition a keyed channel's positions move. */
function movedPartition(before: string, after: string): number {
  const a = offsetsOf(before);
  const b = offsetsOf(after);
  const moved = b.flatMap((o, p) => (o !== (a[p] ?? 0n) ? [p] : []));
  expect(moved.length).toBeLessThanOrEqual(1);
  return moved[0] ?? -1;
}

describe('live channels over WebSocket against the real platform', () => {
  let pipeline: { stop(): Promise<void> };
  let handle: OrderFlowCommandsHandle;
  let gateway: RunningGateway;
  const db = new Client({ connectionString: config.database.url });
  const clients: LiveClient[] = [];
  const connect = async (url = gateway.url) => {
    const client = await LiveClient.connect(url);
    clients.push(client);
    return client;
  };
  const receive = (sku: string, quantity: number) => handle.commands.receiveStock(sku, { quantity }, meta());

  beforeAll(async () => {
    await db.connect();
    pipeline = await startPipeline(config);
    handle = await createOrderFlowCommands(config);
    gateway = await startGateway(config);
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await gateway?.close();
    await handle?.close();
    await pipeline?.stop();
    await db.end();
  });

  it('sends a stock snapshot, then a delta per committed change that the read model already shows', async () => {
    const sku = uniqueName('LIVE-SKU');
    const client = await connect();
    client.subscribe(`stock:${sku}`);
    const snapshot = await client.next((f) => f.type === 'snapshot', 'the snapshot');
    expect(snapshot.data).toMatchObject({ sku, onHand: 0, available: 0 });

    await receive(sku, 7);
    const delta = await client.next((f) => f.type === 'delta', 'the received delta');
    expect(delta.data).toMatchObject({
      sku,
      onHand: 7,
      reserved: 0,
      available: 7,
      change: { kind: 'received', quantity: 7 },
    });
    // Pushed only after the commit: the read model already says so.
    const row = await db.query<{ on_hand: string }>(
      'select on_hand from read_models.stock_levels where sku = $1',
      [sku],
    );
    expect(Number(row.rows[0]?.on_hand)).toBe(7);
    expect(movedPartition(snapshot.position!, delta.position!)).toBeGreaterThanOrEqual(0);
  });

  it('carries the committed row its commit announced, without reading it back', async () => {
    const stateReads = (from: string) => gatewayCounter(gateway, 'shopstream_live_state_reads_total', from);
    const sku = uniqueName('LIVE-ANNOUNCED');
    const client = await connect();
    client.subscribe(`stock:${sku}`);
    await client.next((f) => f.type === 'snapshot', 'the snapshot');
    const before = await stateReads('announcement');
    for (const [i, quantity] of [3, 4, 5].entries()) {
      await receive(sku, quantity);
      const delta = await client.next(
        (f) => f.type === 'delta' && f.data?.onHand === [3, 7, 12][i],
        `the delta of receiving ${quantity}`,
      );
      const [row] = (
        await db.query<{ on_hand: string; reserved: string; available: string; updated_at: Date }>(
          'select on_hand, reserved, available, updated_at from read_models.stock_levels where sku = $1',
          [sku],
        )
      ).rows;
      expect(delta.data).toMatchObject({
        onHand: Number(row!.on_hand),
        reserved: Number(row!.reserved),
        available: Number(row!.available),
        updatedAt: row!.updated_at.toISOString(),
      });
    }
    expect(await stateReads('announcement')).toBeGreaterThan(before);
  });

  it('misses nothing and repeats nothing when writes race the subscribe', async () => {
    const sku = uniqueName('LIVE-RACE');
    await receive(sku, 1);
    const writes = Array.from({ length: 30 }, (_, i) => i + 1);
    const client = await connect();
    const racing = (async () => {
      for (const quantity of writes) await receive(sku, quantity);
    })();
    await new Promise((resolve) => setImmediate(resolve));
    client.subscribe(`stock:${sku}`);
    await racing;
    const total = 1 + writes.reduce((a, b) => a + b, 0);
    await client.next((f) => f.type === 'delta' && f.data?.onHand === total, 'the last write', 60_000);
    const snapshot = client.of(`stock:${sku}`, 'snapshot')[0]!;
    const deltas = client.of(`stock:${sku}`, 'delta');
    // Everything after the snapshot arrives once: the snapshot plus the changes adds up to the final level.
    const pushed = deltas.reduce((sum, d) => sum + Number(d.data?.change?.quantity), 0);
    expect(Number(snapshot.data?.onHand) + pushed).toBe(total);
    const partitionOffsets = [snapshot, ...deltas].map((f) => offsetsOf(f.position!));
    const p = partitionOffsets.at(-1)!.findIndex((o, i) => o !== partitionOffsets[0]![i]);
    const seen = partitionOffsets.map((o) => o[p]!);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(seen);
  });

  it('resumes a dropped client with exactly the changes it missed, in order, from the log', async () => {
    const sku = uniqueName('LIVE-RESUME');
    const first = await connect();
    first.subscribe(`stock:${sku}`);
    await first.next((f) => f.type === 'snapshot', 'the snapshot');
    await receive(sku, 2);
    const seen = await first.next((f) => f.type === 'delta', 'the first delta');
    first.close();

    for (const quantity of [3, 4, 5]) await receive(sku, quantity);
    await waitFor(
      async () =>
        Number(
          (await db.query('select on_hand from read_models.stock_levels where sku = $1', [sku])).rows[0]
            ?.on_hand,
        ) === 14,
      { what: 'the read model to apply the missed writes' },
    );
    const again = await connect();
    again.subscribe(`stock:${sku}`, seen.position);
    const resumed = await again.next((f) => f.type === 'resumed', 'the resumed frame');
    expect(resumed.since).toBe(seen.position);
    await again.next(() => again.of(`stock:${sku}`, 'delta').length === 3, 'three missed deltas');
    expect(again.of(`stock:${sku}`, 'snapshot')).toEqual([]);
    expect(again.of(`stock:${sku}`, 'delta').map((d) => d.data?.change)).toEqual([
      { kind: 'received', quantity: 3 },
      { kind: 'received', quantity: 4 },
      { kind: 'received', quantity: 5 },
    ]);
    await receive(sku, 6);
    const live = await again.next((f) => f.type === 'delta' && f.data?.onHand === 20, 'the live delta after');
    expect(live.data?.change).toEqual({ kind: 'received', quantity: 6 });
  });

  it('resumes from the log a client whose position is older than the gateway keeps in memory', async () => {
    // One event per partition in memory: three missed events of one sku fall out of it.
    const small = await startGateway(config, { recentEvents: 1 }, 'live-gateway');
    const resumesFrom = (from: string) => gatewayCounter(small, 'shopstream_live_resume_reads_total', from);
    try {
      const sku = uniqueName('LIVE-OLD');
      const first = await connect(small.url);
      first.subscribe(`stock:${sku}`);
      await first.next((f) => f.type === 'snapshot', 'the snapshot');
      await receive(sku, 1);
      const seen = await first.next((f) => f.type === 'delta', 'the first delta');
      first.close();
      for (const quantity of [2, 3, 4]) await receive(sku, quantity);
      await waitFor(
        async () =>
          Number(
            (await db.query('select on_hand from read_models.stock_levels where sku = $1', [sku])).rows[0]
              ?.on_hand,
          ) === 10,
        { what: 'the read model to apply the missed writes' },
      );
      const again = await connect(small.url);
      again.subscribe(`stock:${sku}`, seen.position);
      await again.next(() => again.of(`stock:${sku}`, 'delta').length === 3, 'three missed deltas');
      expect(again.of(`stock:${sku}`, 'delta').map((d) => d.data?.change)).toEqual([
        { kind: 'received', quantity: 2 },
        { kind: 'received', quantity: 3 },
        { kind: 'received', quantity: 4 },
      ]);
      expect(await resumesFrom('log')).toBe(1);
      expect(await resumesFrom('memory')).toBe(0);
    } finally {
      await small.close();
    }
  });

  it('resumes across a gateway restart, and a second gateway serves its own clients the same', async () => {
    const sku = uniqueName('LIVE-RESTART');
    const client = await connect();
    client.subscribe(`stock:${sku}`);
    const snapshot = await client.next((f) => f.type === 'snapshot', 'the snapshot');
    await gateway.close();
    await waitFor(() => client.closedWith !== null, { what: 'the client to see the gateway go' });
    await receive(sku, 9);
    gateway = await startGateway(config);
    const other = await startGateway(config, {}, 'live-gateway');
    try {
      const back = await connect();
      back.subscribe(`stock:${sku}`, snapshot.position);
      const missed = await back.next(
        (f) => f.type === 'delta',
        'the delta missed while the gateway was down',
      );
      expect(missed.data).toMatchObject({ onHand: 9, change: { kind: 'received', quantity: 9 } });
      const elsewhere = await connect(other.url);
      elsewhere.subscribe(`stock:${sku}`);
      await elsewhere.next((f) => f.type === 'snapshot', 'the second gateway snapshot');
      await receive(sku, 1);
      for (const c of [back, elsewhere])
        await c.next((f) => f.type === 'delta' && f.data?.onHand === 10, 'the delta on both gateways');
    } finally {
      await other.close();
    }
  });

  it('gives a fresh snapshot, flagged, for a position of another epoch', async () => {
    const sku = uniqueName('LIVE-EPOCH');
    await receive(sku, 4);
    const client = await connect();
    client.subscribe(`stock:${sku}`, 'v0-1:0');
    const snapshot = await client.next((f) => f.type === 'snapshot', 'the fresh snapshot');
    expect(snapshot.fresh).toBe('new-epoch');
    await waitFor(
      async () => {
        client.frames.length = 0;
        client.send({ op: 'unsubscribe', channel: `stock:${sku}` });
        client.subscribe(`stock:${sku}`);
        const again = await client.next((f) => f.type === 'snapshot', 'a snapshot');
        return again.data?.onHand === 4;
      },
      { what: 'the snapshot to show the received stock' },
    );
  });

  it('follows an order and a customer’s orders through their statuses, and the board sees the reservation', async () => {
    const sku = uniqueName('LIVE-ORDER');
    await receive(sku, 5);
    const board = await connect();
    board.subscribe('stock');
    const boardSnapshot = await board.next((f) => f.type === 'snapshot', 'the board snapshot');
    expect(Array.isArray(boardSnapshot.data?.items)).toBe(true);

    const customerId = uniqueName('customer');
    const customer = await connect();
    customer.subscribe(`customer:${customerId}:orders`);
    const none = await customer.next((f) => f.type === 'snapshot', 'the customer snapshot');
    expect(none.data).toEqual({ orders: [] });
    const placed = await handle.commands.placeOrder(
      {
        customerId,
        currency: 'EUR',
        lines: [{ sku, quantity: 2, unitPriceMinor: 1_250 }],
        shippingAddress: address,
      },
      meta(),
    );
    const orderId = placed.result.orderId;
    const client = await connect();
    client.subscribe(`order:${orderId}`);
    await client.next(
      (f) => (f.type === 'snapshot' || f.type === 'delta') && f.data?.status === 'CONFIRMED',
      'the order to be confirmed',
      60_000,
    );
    const frames: Frame[] = client.of(`order:${orderId}`);
    expect(frames[0]?.type).toBe('snapshot');
    const events = frames.slice(1).map((f) => f.data?.change?.event);
    expect(new Set(events).size).toBe(events.length);
    await customer.next(
      (f) => f.type === 'delta' && f.data?.orderId === orderId && f.data.status === 'CONFIRMED',
      'the confirmation on the customer channel',
    );
    expect(
      customer.of(`customer:${customerId}:orders`, 'delta').every((f) => f.data?.customerId === customerId),
    ).toBe(true);
    await board.next(
      (f) => f.type === 'delta' && f.data?.sku === sku && f.data.change?.kind === 'reserved',
      'the reservation on the board',
      60_000,
    );
  });

  it('pushes a low-stock alert opened and cleared', async () => {
    const sku = uniqueName('LIVE-ALERT');
    await receive(sku, 10);
    await handle.commands.setThreshold(sku, { threshold: 5 }, meta());
    const client = await connect();
    client.subscribe('alerts:low-stock');
    const snapshot = await client.next((f) => f.type === 'snapshot', 'the alerts snapshot');
    expect(Array.isArray(snapshot.data?.open)).toBe(true);
    await handle.commands.adjustStock(sku, { delta: -7, reason: 'DAMAGED', note: null }, meta());
    const opened = await client.next(
      (f) => f.type === 'delta' && f.data?.sku === sku && f.data.change?.kind === 'opened',
      'the alert opened',
      60_000,
    );
    expect(opened.data).toMatchObject({ status: 'OPEN', threshold: 5, change: { available: 3 } });
    await receive(sku, 10);
    const cleared = await client.next(
      (f) => f.type === 'delta' && f.data?.sku === sku && f.data.change?.kind === 'cleared',
      'the alert cleared',
      60_000,
    );
    expect(cleared.data).toMatchObject({ status: 'RESOLVED' });
  });

  it('answers bad frames with error frames and keeps the connection', async () => {
    const client = await connect();
    client.send('not json');
    client.send({ op: 'dance' });
    client.subscribe('weather:today');
    client.subscribe('stock:ok', 'not-a-position');
    client.send('x'.repeat(5_000));
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    client.subscribe('stock:twice');
    client.subscribe('stock:twice');
    client.send({ op: 'unsubscribe', channel: 'stock:never' });
    client.send({ op: 'ping' });
    await client.next((f) => f.type === 'pong', 'the pong');
    expect(client.frames.filter((f) => f.type === 'error').map((f) => f.code)).toEqual([
      'invalid-frame',
      'invalid-frame',
      'unknown-channel',
      'invalid-position',
      'frame-too-large',
      'invalid-frame',
      'already-subscribed',
      'not-subscribed',
    ]);
    expect(client.closedWith).toBeNull();
  });

  it('refuses subscriptions past the per-connection limit', async () => {
    const limited = await startGateway(config, { maxSubscriptions: 2 });
    try {
      const client = await LiveClient.connect(limited.url);
      clients.push(client);
      for (const n of [1, 2, 3]) client.subscribe(`stock:limit-${n}`);
      const refused = await client.next((f) => f.type === 'error', 'the refusal');
      expect(refused).toMatchObject({ code: 'too-many-subscriptions', channel: 'stock:limit-3' });
    } finally {
      await limited.close();
    }
  });

  it('sends heartbeats and drops a client that answers no ping', async () => {
    // The pong's allowance is generous: on a loaded machine a live client's pong can take a few hundred ms to land.
    const quick = await startGateway(config, { heartbeatMs: 200, pongTimeoutMs: 2_000 });
    try {
      const alive = await LiveClient.connect(quick.url);
      const deaf = await LiveClient.connect(quick.url, { autoPong: false });
      clients.push(alive, deaf);
      await alive.next((f) => f.type === 'heartbeat', 'a heartbeat');
      await waitFor(() => deaf.closedWith !== null, {
        what: 'the deaf client to be dropped',
        timeoutMs: 10_000,
      });
      // Answering pings (ws does by itself) keeps a client on.
      expect(alive.closedWith).toBeNull();
    } finally {
      await quick.close();
    }
  });
});
