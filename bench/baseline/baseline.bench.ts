// The baseline is "kafkajs eachMessage + TypeORM repository.save per event", the way a team wires it by hand, so
// it uses kafkajs directly instead of libs/kafka (whose consumer is batch-only by design).
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import { rawKafkaAuth } from '../support/raw-kafka-auth';
import { Rate, rate, secondsSince } from '../support/stats';
import { OrderSummaryEntity } from './order-summary.entity';

/** Applies one orders event to the entity, in memory; returns false for events of other topics. */
function applyEvent(row: OrderSummaryEntity, event: ShopstreamEvent): boolean {
  if (!('metadata' in event)) return false;
  const at = new Date(event.metadata.occurredAt);
  switch (event.type) {
    case 'shopstream.orders.OrderPlaced':
      row.customerId = event.customerId;
      row.currency = event.currency;
      row.totalMinor = String(event.totals.totalMinor);
      row.lineCount = event.lines.length;
      row.placedAt = at;
      row.status ??= 'PLACED';
      break;
    case 'shopstream.orders.OrderConfirmed':
      row.status = 'CONFIRMED';
      break;
    case 'shopstream.orders.OrderRejected':
      row.status = 'REJECTED';
      break;
    case 'shopstream.orders.OrderPaid':
      row.status = 'PAID';
      row.paidAt = at;
      break;
    case 'shopstream.orders.OrderShipped':
      row.status = 'SHIPPED';
      row.shippedAt = at;
      break;
    case 'shopstream.orders.OrderDelivered':
      row.status = 'DELIVERED';
      row.deliveredAt = at;
      break;
    case 'shopstream.orders.OrderCancelled':
      row.status = 'CANCELLED';
      row.cancelledAt = at;
      break;
    case 'shopstream.orders.OrderRefunded':
      row.refundedMinor = String(BigInt(row.refundedMinor ?? '0') + BigInt(event.amountMinor));
      break;
    default:
      return false;
  }
  row.version = event.metadata.aggregateVersion;
  row.updatedAt = at;
  return true;
}

/**
 * Baseline: one consumer, `eachMessage`, decode, load the row, change it, `repository.save` (TypeORM's select then
 * insert or update, autocommitted), per event, over the event set's orders topic. It stops after `maxSeconds` or at
 * the end of the topic, whichever comes first: its rate is what it sustained until then.
 */
export async function runBaseline(options: {
  databaseUrl: string;
  schema: string;
  brokers: readonly string[];
  codec: EventCodec<ShopstreamEvent>;
  topic: string;
  expected: number;
  maxSeconds: number;
  groupId: string;
}): Promise<Rate & { complete: boolean }> {
  const { codec } = options;
  const setup = new DataSource({ type: 'postgres', url: options.databaseUrl, logging: ['error'] });
  await setup.initialize();
  await setup.query(`create schema if not exists "${options.schema}"`);
  await setup.destroy();
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.databaseUrl,
    schema: options.schema,
    entities: [OrderSummaryEntity],
    // The bench's own schema, made for this run and dropped after it: synchronize is what such a team would use.
    synchronize: true,
    logging: ['error'],
  });
  await dataSource.initialize();
  const repository = dataSource.getRepository(OrderSummaryEntity);
  const consumer = new Kafka({
    clientId: 'bench-baseline',
    brokers: [...options.brokers],
    logLevel: logLevel.ERROR,
    ...rawKafkaAuth(),
  }).consumer({ groupId: options.groupId });
  await consumer.connect();
  await consumer.subscribe({ topics: [options.topic], fromBeginning: true });
  let seen = 0;
  let started: bigint | null = null;
  let finish: (complete: boolean) => void = () => undefined;
  const finished = new Promise<boolean>((resolve) => (finish = resolve));
  await consumer.run({
    eachMessage: async ({ message }) => {
      started ??= process.hrtime.bigint();
      const event = await codec.decode(message.value);
      if ('orderId' in event && typeof event.orderId === 'string') {
        const row =
          (await repository.findOneBy({ orderId: event.orderId })) ??
          Object.assign(new OrderSummaryEntity(), { orderId: event.orderId, refundedMinor: '0' });
        if (applyEvent(row, event)) await repository.save(row);
      }
      seen++;
      if (seen >= options.expected) finish(true);
    },
  });
  const timer = setTimeout(() => finish(false), options.maxSeconds * 1000 + 5_000);
  const check = setInterval(() => {
    if (started !== null && secondsSince(started) >= options.maxSeconds) finish(false);
  }, 100);
  try {
    const complete = await finished;
    return { ...rate(seen, started === null ? 0 : secondsSince(started)), complete };
  } finally {
    clearTimeout(timer);
    clearInterval(check);
    await consumer.disconnect();
    await dataSource.destroy();
  }
}
