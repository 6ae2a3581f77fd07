import { DataSource } from 'typeorm';
import { createDataSource } from '@shopstream/database';
import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import { applyTopicCatalog, EventProducer } from '@shopstream/kafka';
import { keyOf, orderFlowHistory } from '@shopstream/simulation';
import { platformConfig } from './platform';

/**
 * What a rebuild test opens first: a pool with room for live and shadow runners side by side, a producer, and its
 * orders topic (only `eventTypes` produced into it).
 */
export async function openRebuildTest(options: {
  clientId: string;
  topic: string;
  description: string;
  codec: EventCodec<ShopstreamEvent>;
  eventTypes: readonly string[];
}): Promise<{ dataSource: DataSource; producer: EventProducer; orders: OrdersTopic }> {
  const config = platformConfig();
  const dataSource = createDataSource(config.database.url, { poolSize: 12 });
  await dataSource.initialize();
  const producer = new EventProducer({ brokers: config.kafka.brokers, clientId: options.clientId });
  await producer.connect();
  const orders = await OrdersTopic.create({
    brokers: config.kafka.brokers,
    name: options.topic,
    description: options.description,
    producer,
    codec: options.codec,
    eventTypes: options.eventTypes,
  });
  return { dataSource, producer, orders };
}

/** A test topic keyed by order id, and the order-flow history produced into it (only the events asked for). */
export class OrdersTopic {
  produced = 0;

  private constructor(
    readonly name: string,
    private readonly producer: EventProducer,
    private readonly codec: EventCodec<ShopstreamEvent>,
    private readonly eventTypes: ReadonlySet<string>,
  ) {}

  static async create(options: {
    brokers: readonly string[];
    name: string;
    description: string;
    producer: EventProducer;
    codec: EventCodec<ShopstreamEvent>;
    eventTypes: readonly string[];
  }): Promise<OrdersTopic> {
    await applyTopicCatalog(options.brokers, [
      {
        name: options.name,
        description: options.description,
        key: 'orderId',
        partitions: 4,
        replicationFactor: 1,
        minInsyncReplicas: 1,
        config: {},
      },
    ]);
    return new OrdersTopic(options.name, options.producer, options.codec, new Set(options.eventTypes));
  }

  /** Produces the history of `orders` orders; `prefix` keeps their ids apart from other rounds'. */
  async produce(orders: number, prefix: string): Promise<number> {
    const events = orderFlowHistory({ orders, seed: 11, prefix }).filter((e) => this.eventTypes.has(e.type));
    const records = await Promise.all(
      events.map(async (event) => ({
        topic: this.name,
        key: keyOf(event),
        value: await this.codec.encode(event),
      })),
    );
    for (let i = 0; i < records.length; i += 2_000) await this.producer.send(records.slice(i, i + 2_000));
    this.produced += records.length;
    return records.length;
  }

  /** Small rounds every 100 ms until stopped (and at least five): events arriving during a rebuild. */
  keepProducing(prefix: string): { stop(): Promise<void> } {
    let stopping = false;
    const producing = (async () => {
      for (let round = 0; !stopping || round < 5; round++) {
        await this.produce(20, `${prefix}${round}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    return {
      stop: async () => {
        stopping = true;
        await producing;
      },
    };
  }
}

/** Runs `query` back to back until stopped, counting answers and keeping failures (a reader during a swap). */
export function keepQuerying(query: () => Promise<unknown>) {
  let stopping = false;
  const state = { queries: 0, failures: [] as unknown[] };
  const loop = (async () => {
    while (!stopping) {
      try {
        await query();
        state.queries++;
      } catch (error) {
        state.failures.push(error);
      }
    }
  })();
  return {
    state,
    stop: async () => {
      stopping = true;
      await loop;
    },
  };
}
