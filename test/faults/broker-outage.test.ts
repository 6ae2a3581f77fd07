import { execFileSync } from 'node:child_process';
import { Client } from 'pg';
import { describeCluster } from '@shopstream/kafka';
import { runCli } from '../support/cli';
import { isolatedPlatform } from '../support/isolated-platform';
import { placeOrders } from '../support/order-load';
import { waitFor } from '../support/wait-for';
import { findAcknowledgedInLog, writeSideSettled } from './acknowledged-in-log';
import { FULL, rounds } from './fault-mode';

/*
 * A single-broker platform of its own loses its only broker while four clients place orders. While the broker is
 * down the API answers 503 with Retry-After and acknowledges nothing; once it is back the same app processes take
 * orders again by themselves, and every order acknowledged before, during or after is in the log exactly once.
 */
const platform = isolatedPlatform({ brokers: 1, basePort: 24_300 + Math.floor(Math.random() * 30) * 20 });
const api = `http://127.0.0.1:${platform.config.ports.commerceApi}`;
const SKU = 'SKU-00003';
const APPS = ['commerce-api', 'processor', 'projector'];

async function up(): Promise<void> {
  const result = await runCli(['up'], platform.env);
  if (result.code !== 0) throw new Error(`up failed:\n${result.stdout}\n${result.stderr}`);
}

const brokerAnswers = async () =>
  (await describeCluster(platform.config.kafka.brokers, 2_000).catch(() => null)) !== null;

describe('a single broker stopped and started while the API takes orders', () => {
  const db = new Client({ connectionString: platform.config.database.url });

  beforeAll(async () => {
    await up();
    await db.connect();
    const received = await fetch(`${api}/inventory/${SKU}/receive`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'outage-stock' },
      body: JSON.stringify({ quantity: 1_000_000 }),
    });
    expect(received.status).toBe(200);
  });

  afterAll(async () => {
    await db.end();
    await runCli(['reset', '--yes'], platform.env);
    platform.remove();
  });

  jest.setTimeout(900_000);

  it('answers 503 with Retry-After while the broker is down, acknowledges nothing unwritten, and recovers', async () => {
    const apps = new Map(APPS.map((app) => [app, platform.pidOf(app)]));
    const load = placeOrders(api, SKU, 4);
    const outages: { from: number; to: number }[] = [];
    try {
      for (let round = 1; round <= rounds(3); round++) {
        const before = load.report.acknowledged.length;
        await waitFor(() => load.report.acknowledged.length >= before + 30, {
          what: '30 more acknowledged orders',
          timeoutMs: 120_000,
        });
        execFileSync('kill', ['-TERM', String(platform.pidOf('kafka-1'))]);
        await waitFor(async () => !(await brokerAnswers()), {
          what: 'the broker to stop',
          timeoutMs: 60_000,
        });
        const from = Date.now();
        const unavailableBefore = load.report.statuses.get(503) ?? 0;
        // Every client has been refused at least once (each waits out the publish timeout first).
        await waitFor(() => (load.report.statuses.get(503) ?? 0) >= unavailableBefore + (FULL ? 20 : 4), {
          what: '503 answers while the broker is down',
          timeoutMs: 120_000,
        });
        outages.push({ from, to: Date.now() });
        await up();
        await waitFor(brokerAnswers, { what: 'the broker to answer again', timeoutMs: 120_000 });
        const after = load.report.acknowledged.length;
        await waitFor(() => load.report.acknowledged.length >= after + 30, {
          what: 'orders acknowledged again after the broker came back',
          timeoutMs: 180_000,
        });
      }
    } finally {
      await load.stop();
    }
    const report = load.report;
    // Nothing sent while the broker was down, and answered before it came back, was acknowledged.
    const duringOutage = report.acknowledged.filter((o) =>
      outages.some((w) => o.startedAt >= w.from && o.answeredAt <= w.to),
    );
    await writeSideSettled(db);
    const verdict = await findAcknowledgedInLog(platform, report.acknowledged);
    process.stdout.write(
      `broker outage: ${report.acknowledged.length} orders acknowledged over ${outages.length} outage(s), ` +
        `${verdict.lost.length} lost, ${verdict.duplicated.length} duplicated, statuses ` +
        `${JSON.stringify([...report.statuses])}, unavailable windows (ms) ` +
        `${JSON.stringify(report.unavailable.map((w) => w.to - w.from))}\n`,
    );
    expect(duringOutage).toEqual([]);
    expect(report.retryAfterMissing).toBe(0);
    expect(report.unexpected.filter((u) => !u.includes('503'))).toEqual([]);
    expect(verdict).toEqual({ lost: [], duplicated: [], misplaced: [] });
    // Recovered by themselves: the apps are the processes that were running before the first stop.
    expect(new Map(APPS.map((app) => [app, platform.pidOf(app)]))).toEqual(apps);
  });
});
