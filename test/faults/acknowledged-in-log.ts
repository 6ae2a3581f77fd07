import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { createEventCodec, OrdersEvent } from '@shopstream/events';
import { readTopics } from '@shopstream/kafka';
import type { IsolatedPlatform } from '../support/isolated-platform';
import type { AcknowledgedOrder, LoadReport } from '../support/order-load';
import { waitFor } from '../support/wait-for';

export interface LogVerdict {
  /** Acknowledged, and in no partition. */
  readonly lost: AcknowledgedOrder[];
  /** Acknowledged, and placed more than once. */
  readonly duplicated: AcknowledgedOrder[];
  /** In the log, but not at the position its answer named. */
  readonly misplaced: AcknowledgedOrder[];
}

/**
 * Waits until every order was decided and every event published: the write side has settled. When it does not,
 * the error says which of the two is stuck and, given the platform, ends with the warnings and errors its apps
 * logged last: a fault run's home is removed afterwards, so this is what a failed CI run keeps of why.
 */
export async function writeSideSettled(db: Client, platform?: IsolatedPlatform): Promise<void> {
  let last = { unpublished: -1, pending: -1 };
  try {
    await waitFor(
      async () => {
        const { rows } = await db.query<{ unpublished: string; pending: string }>(
          `select (select count(*) from order_flow.outbox where published_at is null) as unpublished,
                  (select count(*) from order_flow.orders where status = 'PENDING') as pending`,
        );
        last = { unpublished: Number(rows[0]!.unpublished), pending: Number(rows[0]!.pending) };
        return last.unpublished === 0 && last.pending === 0;
      },
      { what: 'the outbox to drain and every order to be decided', timeoutMs: 180_000 },
    );
  } catch (error) {
    const logs = platform ? `\n${recentTrouble(platform.home, ['processor', 'commerce-api'])}` : '';
    throw new Error(
      `${(error as Error).message}: ${last.unpublished} outbox rows unpublished, ${last.pending} orders pending${logs}`,
    );
  }
}

/** The last warnings and errors (pino levels 40 and up) of each app's log under `home`. */
function recentTrouble(home: string, apps: readonly string[], lines = 15): string {
  return apps
    .map((app) => {
      const file = path.join(home, 'logs', `${app}.log`);
      if (!fs.existsSync(file)) return `${app}: no log`;
      const trouble = fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => /"level":(4|5|6)0/.test(line))
        .slice(-lines)
        .map((line) => line.slice(0, 400));
      return `${app}, last ${trouble.length} warnings and errors:\n  ${trouble.join('\n  ')}`;
    })
    .join('\n');
}

/**
 * Reads `topic` from its start to its current end with a consumer of its own (not the platform's projection code) and
 * hands over each record's event; records that don't decode (poison a scenario wrote on purpose) are skipped.
 */
export async function readEventsOf<E>(
  platform: IsolatedPlatform,
  topic: string,
  onEvent: (event: E, at: { partition: number; offset: string }) => void,
): Promise<void> {
  const codec = createEventCodec(platform.config.registry.url);
  await readTopics({
    brokers: platform.config.kafka.brokers,
    topics: [topic],
    fromBeginning: true,
    untilCurrentEnd: true,
    onRecord: async (record) => {
      const event = (await codec.decode(record.value).catch(() => null)) as E | null;
      if (event !== null) onEvent(event, { partition: record.partition, offset: record.offset });
    },
  });
}

/**
 * Reads the orders topic from its start with a consumer of its own and finds each acknowledged order's OrderPlaced by
 * content (its order id), not by trusting the positions the platform recorded. Records that don't decode are skipped.
 */
export async function findAcknowledgedInLog(
  platform: IsolatedPlatform,
  acknowledged: readonly AcknowledgedOrder[],
): Promise<LogVerdict> {
  const placedAt = new Map<string, string[]>();
  await readEventsOf<OrdersEvent>(platform, 'shopstream.orders', (event, at) => {
    if (event.type !== 'shopstream.orders.OrderPlaced') return;
    placedAt.set(event.orderId, [...(placedAt.get(event.orderId) ?? []), `${at.partition}:${at.offset}`]);
  });
  return {
    lost: acknowledged.filter((o) => !placedAt.has(o.orderId)),
    duplicated: acknowledged.filter((o) => (placedAt.get(o.orderId)?.length ?? 0) > 1),
    misplaced: acknowledged.filter(
      (o) =>
        placedAt.has(o.orderId) && placedAt.get(o.orderId)?.[0] !== `${o.token.partition}:${o.token.offset}`,
    ),
  };
}

/** Once the write side has settled, what the log holds of every order the scenario's load had acknowledged. */
export async function settledVerdict(
  db: Client,
  platform: IsolatedPlatform,
  report: LoadReport,
): Promise<LogVerdict> {
  await writeSideSettled(db, platform);
  return findAcknowledgedInLog(platform, report.acknowledged);
}

/** The figures every scenario reports: acknowledged, lost, duplicated, and the statuses the clients saw. */
export function verdictLine(report: LoadReport, verdict: LogVerdict): string {
  return (
    `${report.acknowledged.length} orders acknowledged, ${verdict.lost.length} lost, ` +
    `${verdict.duplicated.length} duplicated, statuses ${JSON.stringify([...report.statuses])}`
  );
}
