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

/** Waits until every order was decided and every event published: the write side has settled. */
export async function writeSideSettled(db: Client): Promise<void> {
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
  await writeSideSettled(db);
  return findAcknowledgedInLog(platform, report.acknowledged);
}

/** The figures every scenario reports: acknowledged, lost, duplicated, and the statuses the clients saw. */
export function verdictLine(report: LoadReport, verdict: LogVerdict): string {
  return (
    `${report.acknowledged.length} orders acknowledged, ${verdict.lost.length} lost, ` +
    `${verdict.duplicated.length} duplicated, statuses ${JSON.stringify([...report.statuses])}`
  );
}
