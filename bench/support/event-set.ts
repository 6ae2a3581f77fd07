import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import { applyTopicCatalog, deleteTopics, EventProducer, OutgoingRecord } from '@shopstream/kafka';
import { keyOf, orderFlowHistory } from '@shopstream/simulation';
import { Cleanup } from './cleanup';
import { Rate, timed } from './stats';

/** Partitions of every bench topic: the catalog's default, on the single local broker. */
export const BENCH_PARTITIONS = 12;

/** The copy of a catalog topic that this run owns. */
export const benchTopic = (topic: string, ns: string) => `${topic}.${ns}`;

export async function createBenchTopics(
  brokers: readonly string[],
  topics: readonly string[],
  cleanup: Cleanup,
): Promise<void> {
  await applyTopicCatalog(
    brokers,
    topics.map((name) => ({
      name,
      description: 'benchmark copy',
      key: 'aggregate id',
      partitions: BENCH_PARTITIONS,
      replicationFactor: 1,
      minInsyncReplicas: 1,
      config: {},
    })),
  );
  cleanup.add(`delete topics ${topics.join(', ')}`, () => deleteTopics(brokers, topics));
}

export interface EventSet {
  readonly events: readonly ShopstreamEvent[];
  /** The encoded records as produced, in order; B1 sends the same bytes through raw kafkajs. */
  readonly records: readonly OutgoingRecord[];
  readonly countByTopic: ReadonlyMap<string, number>;
}

export function generateHistory(orders: number, ns: string, seed = 2026): ShopstreamEvent[] {
  return orderFlowHistory({ orders, seed, prefix: ns, customers: Math.max(50, Math.floor(orders / 10)) });
}

/**
 * B1': the platform's produce path, validate + Avro encode + idempotent acks=all produce, for every event of the
 * history, into this run's copies of the topics. The produced set is the fixed input of P, R and B2'.
 */
export async function producePlatform(
  producer: EventProducer,
  codec: EventCodec<ShopstreamEvent>,
  events: readonly ShopstreamEvent[],
  ns: string,
  batch: number,
): Promise<{ rate: Rate; set: EventSet }> {
  const records: OutgoingRecord[] = [];
  const rate = await timed(async () => {
    for (let i = 0; i < events.length; i += batch) {
      const chunk = events.slice(i, i + batch);
      const encoded = await Promise.all(
        chunk.map(async (event) => ({
          topic: benchTopic(codec.topicOf(event), ns),
          key: keyOf(event),
          value: await codec.encode(event),
        })),
      );
      await producer.send(encoded);
      for (const r of encoded) records.push(r);
    }
    return events.length;
  });
  const countByTopic = new Map<string, number>();
  for (const r of records) countByTopic.set(r.topic, (countByTopic.get(r.topic) ?? 0) + 1);
  return { rate, set: { events, records, countByTopic } };
}
