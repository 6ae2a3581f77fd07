import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { createEventCodec, OrdersEvent } from '@shopstream/events';
import { describeCluster, readTopics } from '@shopstream/kafka';
import { runCli } from '../../support/cli';
import { isolatedPlatform } from '../../support/isolated-platform';
import { placeOrders } from '../../support/order-load';
import { waitFor } from '../../support/wait-for';

/*
 * The promise behind every 2xx: the event is in the log. A 3-broker platform of its own (replication factor 3,
 * min.insync.replicas=2) takes orders from eight clients while each broker in turn is killed with SIGKILL and started
 * again, then restarted in a rolling restart. Afterwards the log is read back from the start by event content, not
 * by trusting recorded offsets: every acknowledged order is there exactly once, and the read models equal a rebuild.
 */
const ROUNDS = Number(process.env.SHOPSTREAM_FAILOVER_ROUNDS ?? 1);
const platform = isolatedPlatform({ brokers: 3, basePort: 23_000 + Math.floor(Math.random() * 60) * 20 });
const api = `http://127.0.0.1:${platform.config.ports.commerceApi}`;
const SKU = 'SKU-00002';

async function up(): Promise<void> {
  const result = await runCli(['up', '--brokers', '3'], platform.env);
  if (result.code !== 0) throw new Error(`up failed:\n${result.stdout}\n${result.stderr}`);
}

async function brokersAlive(n: number): Promise<boolean> {
  return (await describeCluster(platform.config.kafka.brokers, 3_000).catch(() => null))?.brokers === n;
}

/** At least `n` orders acknowledged since `since` acknowledgements: the platform takes writes. */
async function acknowledgedMore(
  load: ReturnType<typeof placeOrders>,
  since: number,
  n: number,
): Promise<void> {
  try {
    await waitFor(() => load.report.acknowledged.length >= since + n, {
      what: `${n} more acknowledged orders`,
      timeoutMs: 120_000,
    });
  } catch (error) {
    const logs = ['commerce-api', 'processor']
      .map((app) => `--- ${app}\n${tail(path.join(platform.home, 'logs', `${app}.log`), 15)}`)
      .join('\n');
    throw new Error(
      `${String(error)}; statuses ${JSON.stringify([...load.report.statuses])}, last errors ${JSON.stringify(load.report.unexpected.slice(-3))}\n${logs}`,
    );
  }
}

/** The drill runs for minutes: say where it is, so a slow or stuck step shows in the test's output. */
const progress = (load: ReturnType<typeof placeOrders>, step: string) =>
  process.stdout.write(
    `failover drill ${new Date().toISOString()}: ${step}; ${load.report.acknowledged.length} acknowledged, statuses ${JSON.stringify([...load.report.statuses])}\n`,
  );

const tail = (file: string, lines: number) =>
  fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n') : '(no log)';

async function drill(load: ReturnType<typeof placeOrders>, kills: string[]): Promise<void> {
  await acknowledgedMore(load, 0, 50);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const broker of [1, 2, 3]) {
      const before = load.report.acknowledged.length;
      execFileSync('kill', ['-9', String(platform.pidOf(`kafka-${broker}`))]);
      kills.push(`SIGKILL kafka-${broker}`);
      progress(load, `killed kafka-${broker}`);
      // Two brokers hold every partition's in-sync majority: orders go on being acknowledged meanwhile.
      await acknowledgedMore(load, before, 30);
      await up();
      await waitFor(() => brokersAlive(3), { what: '3 brokers', timeoutMs: 120_000 });
      progress(load, `kafka-${broker} back`);
      await acknowledgedMore(load, load.report.acknowledged.length, 20);
    }
  }
  for (const broker of [1, 2, 3]) {
    execFileSync('kill', ['-TERM', String(platform.pidOf(`kafka-${broker}`))]);
    kills.push(`SIGTERM kafka-${broker}`);
    progress(load, `stopping kafka-${broker}`);
    await waitFor(async () => !(await brokersAlive(3)), {
      what: `kafka-${broker} to stop`,
      timeoutMs: 120_000,
    });
    await up();
    await waitFor(() => brokersAlive(3), { what: '3 brokers', timeoutMs: 120_000 });
    await acknowledgedMore(load, load.report.acknowledged.length, 20);
  }
}

describe('acknowledged orders survive broker failover', () => {
  const db = new Client({ connectionString: platform.config.database.url });

  beforeAll(async () => {
    await up();
    await db.connect();
    const received = await fetch(`${api}/inventory/${SKU}/receive`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'failover-stock' },
      body: JSON.stringify({ quantity: 1_000_000 }),
    });
    expect(received.status).toBe(200);
  });

  afterAll(async () => {
    await db.end();
    // For a failure's post-mortem: the brokers' and apps' logs outlive the platform.
    const keep = process.env.SHOPSTREAM_FAILOVER_KEEP_LOGS;
    if (keep) fs.cpSync(path.join(platform.home, 'logs'), keep, { recursive: true });
    await runCli(['reset', '--yes'], platform.env);
    platform.remove();
  });

  // Six broker restarts on two shared cores, then a rebuild to compare with: minutes.
  jest.setTimeout(1_200_000);

  it('loses and duplicates no acknowledged order when each broker is killed and restarted in turn', async () => {
    const load = placeOrders(api, SKU, 8);
    const kills: string[] = [];
    try {
      await drill(load, kills);
    } finally {
      await load.stop();
    }
    const report = load.report;
    expect(report.unexpected.filter((u) => !u.includes('503'))).toEqual([]);

    // Every order the processor decided on, every event published: the write side has settled.
    await waitFor(
      async () => {
        const { rows } = await db.query<{ n: number }>(
          `select (select count(*) from order_flow.outbox where published_at is null)
                + (select count(*) from order_flow.orders where status = 'PENDING') as n`,
        );
        return Number(rows[0]!.n) === 0;
      },
      { what: 'the outbox to drain and every order to be decided', timeoutMs: 180_000 },
    );

    const codec = createEventCodec(platform.config.registry.url);
    const placedAt = new Map<string, string[]>();
    await readTopics({
      brokers: platform.config.kafka.brokers,
      topics: ['shopstream.orders'],
      fromBeginning: true,
      untilCurrentEnd: true,
      onRecord: async (record) => {
        const event = (await codec.decode(record.value)) as OrdersEvent;
        if (event.type !== 'shopstream.orders.OrderPlaced') return;
        placedAt.set(event.orderId, [
          ...(placedAt.get(event.orderId) ?? []),
          `${record.partition}:${record.offset}`,
        ]);
      },
    });
    const lost = report.acknowledged.filter((o) => !placedAt.has(o.orderId));
    const duplicated = report.acknowledged.filter((o) => (placedAt.get(o.orderId)?.length ?? 0) > 1);
    const misplaced = report.acknowledged.filter(
      (o) => placedAt.get(o.orderId)?.[0] !== `${o.token.partition}:${o.token.offset}`,
    );
    const windows = report.unavailable.map((w) => w.to - w.from);
    process.stdout.write(
      `failover drill: ${report.acknowledged.length} orders acknowledged, ${kills.length} broker stops (${kills.join(', ')}), ` +
        `${lost.length} lost, ${duplicated.length} duplicated, statuses ${JSON.stringify([...report.statuses])}, ` +
        `unavailable windows (ms) ${JSON.stringify(windows)}\n`,
    );
    expect(lost).toEqual([]);
    expect(duplicated).toEqual([]);
    expect(misplaced).toEqual([]);

    // The read models equal a clean rebuild from the log, once the projector caught up.
    await waitFor(
      async () => {
        const status = await runCli(['projections', 'status', '--json'], platform.env);
        const projections = JSON.parse(status.stdout) as { lag: number }[];
        return projections.every((p) => p.lag === 0);
      },
      { what: 'the projector to catch up', timeoutMs: 180_000 },
    );
    for (const name of ['order_summary', 'stock_levels']) {
      const verify = await runCli(['projections', 'verify', name, '--json'], platform.env);
      expect({ name, code: verify.code, report: verify.code === 0 ? 'equal' : verify.stdout }).toEqual({
        name,
        code: 0,
        report: 'equal',
      });
    }
  });
});
