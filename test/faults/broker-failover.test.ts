import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeCluster, partitionLeaders } from '@shopstream/kafka';
import { runCli } from '../support/cli';
import { placeOrders } from '../support/order-load';
import { waitFor } from '../support/wait-for';
import { settledVerdict, verdictLine } from './acknowledged-in-log';
import { FULL, rounds } from './fault-mode';
import { FaultPlatform } from './fault-platform';

/*
 * The promise behind every 2xx: the event is in the log. A 3-broker platform of its own (replication factor 3,
 * min.insync.replicas=2) takes orders from eight clients while a broker is killed with SIGKILL and started again: in a
 * quick run the leader of most order partitions, once; in a full run each broker in turn for every round, then all
 * three in a rolling restart. Afterwards the log is read back from the start by event content, not by trusting
 * recorded offsets: every acknowledged order is there exactly once, and the read models equal a rebuild.
 */
const fault = new FaultPlatform({
  brokers: 3,
  basePort: 23_000 + Math.floor(Math.random() * 60) * 20,
  upArgs: ['--brokers', '3'],
});
const { platform, api, auth } = fault;
const SKU = 'SKU-00002';

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

/** The broker leading most partitions of the orders topic: the one whose death moves the most traffic. */
async function busiestLeader(): Promise<number> {
  const leaders = await partitionLeaders(platform.config.kafka.brokers, 'shopstream.orders');
  const led = new Map<number, number>();
  for (const leader of leaders.values()) led.set(leader, (led.get(leader) ?? 0) + 1);
  return [...led.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

async function drill(load: ReturnType<typeof placeOrders>, kills: string[]): Promise<void> {
  await acknowledgedMore(load, 0, 50);
  for (let round = 1; round <= rounds(1); round++) {
    for (const broker of FULL ? [1, 2, 3] : [await busiestLeader()]) {
      const before = load.report.acknowledged.length;
      execFileSync('kill', ['-9', String(platform.pidOf(`kafka-${broker}`))]);
      kills.push(`SIGKILL kafka-${broker}`);
      progress(load, `killed kafka-${broker}`);
      // Two brokers hold every partition's in-sync majority: orders go on being acknowledged meanwhile.
      await acknowledgedMore(load, before, 30);
      await fault.up();
      await waitFor(() => brokersAlive(3), { what: '3 brokers', timeoutMs: 120_000 });
      progress(load, `kafka-${broker} back`);
      await acknowledgedMore(load, load.report.acknowledged.length, 20);
    }
  }
  if (!FULL) return;
  for (const broker of [1, 2, 3]) {
    execFileSync('kill', ['-TERM', String(platform.pidOf(`kafka-${broker}`))]);
    kills.push(`SIGTERM kafka-${broker}`);
    progress(load, `stopping kafka-${broker}`);
    await waitFor(async () => !(await brokersAlive(3)), {
      what: `kafka-${broker} to stop`,
      timeoutMs: 120_000,
    });
    await fault.up();
    await waitFor(() => brokersAlive(3), { what: '3 brokers', timeoutMs: 120_000 });
    await acknowledgedMore(load, load.report.acknowledged.length, 20);
  }
}

describe('acknowledged orders survive broker failover', () => {
  beforeAll(() => fault.start(SKU), 900_000);
  afterAll(() => fault.stop());

  // Six broker restarts on two shared cores, then a rebuild to compare with: minutes, and each restart is an `up`,
  // which a loaded host makes slow (docs/reliability.md).
  jest.setTimeout(FULL ? 2_700_000 : 1_200_000);

  it('loses and duplicates no acknowledged order when brokers are killed and restarted', async () => {
    const load = placeOrders(api, SKU, 8, auth);
    const kills: string[] = [];
    try {
      await drill(load, kills);
    } finally {
      await load.stop();
    }
    const report = load.report;
    expect(report.unexpected.filter((u) => !u.includes('503'))).toEqual([]);

    const verdict = await settledVerdict(fault.db, platform, report);
    const windows = report.unavailable.map((w) => w.to - w.from);
    process.stdout.write(
      `failover drill, ${kills.length} broker stop(s) (${kills.join(', ')}): ${verdictLine(report, verdict)}, ` +
        `unavailable windows (ms) ${JSON.stringify(windows)}\n`,
    );
    expect(verdict).toEqual({ lost: [], duplicated: [], misplaced: [] });

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
