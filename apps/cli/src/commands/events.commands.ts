import * as path from 'node:path';
import { Command } from 'commander';
import { plainId } from '../arguments/argument-checks';
import { loadConfig } from '@shopstream/config';
import { createEventCodec, EventCodec, EventCodecError, ShopstreamEvent } from '@shopstream/events';
import { IncomingRecord, readTopicCatalog, readTopics } from '@shopstream/kafka';

const ORDER_TOPICS = [
  'shopstream.orders',
  'shopstream.payments',
  'shopstream.shipments',
  'shopstream.inventory',
];

/** A record and its decoded event (or why it could not be decoded): what kcat would print if it spoke our schemas. */
async function describeRecord(codec: EventCodec<ShopstreamEvent>, record: IncomingRecord) {
  const position = {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    key: record.key,
    timestamp: record.timestamp,
  };
  try {
    return { ...position, event: await codec.decode(record.value) };
  } catch (error) {
    if (error instanceof EventCodecError)
      return { ...position, error: { code: error.code, message: error.message } };
    throw error;
  }
}

const orderIdOf = (event: ShopstreamEvent): string | undefined =>
  'orderId' in event ? event.orderId : undefined;

function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

export function registerEventsCommands(program: Command): void {
  const events = program.command('events').description('read events as decoded JSON');

  events
    .command('tail <topic>')
    .description('print decoded events as JSON lines; undecodable records are printed with their error code')
    .option('--from-beginning', 'start at the oldest event instead of new ones')
    .option('--key <key>', 'only records with this key (e.g. an order id)')
    .option('--max <n>', 'stop after printing n events')
    .action(async (topic: string, options: { fromBeginning?: boolean; key?: string; max?: string }) => {
      const config = loadConfig();
      const codec = createEventCodec(config.registry.url);
      const max = options.max === undefined ? Infinity : Number(options.max);
      if (!(max > 0)) throw new Error(`--max must be a positive number, got ${options.max}`);
      let printed = 0;
      let reachedMax!: () => void;
      const maxReached = new Promise<void>((resolve) => (reachedMax = resolve));
      await readTopics({
        brokers: config.kafka.brokers,
        topics: [topic],
        fromBeginning: options.fromBeginning ?? false,
        untilCurrentEnd: false,
        stopSignal: Promise.race([untilInterrupted(), maxReached]),
        onRecord: async (record) => {
          if (printed >= max || (options.key !== undefined && record.key !== options.key)) return;
          process.stdout.write(`${JSON.stringify(await describeRecord(codec, record))}\n`);
          if (++printed >= max) reachedMax();
        },
      });
    });

  events
    .command('history <orderId>')
    .description(
      'every event of one order across the orders, payments, shipments and inventory topics, in order',
    )
    .option('--json', 'print JSON lines')
    .option(
      '--topics <names>',
      "comma-separated topics to read instead of the platform's (a copy of them, a test's own)",
      (value: string) => value.split(',').filter((t) => t.length > 0),
    )
    .action(async (orderId: string, options: { json?: boolean; topics?: string[] }) => {
      plainId('An order id', orderId);
      const config = loadConfig();
      const codec = createEventCodec(config.registry.url);
      const topics = options.topics ?? ORDER_TOPICS;
      // A topic keyed by something else (inventory, by sku) or unknown to the catalogue has its events for an
      // order found by their orderId field, so each of its records is decoded.
      const keyedByOrder = new Set(
        readTopicCatalog(path.join(config.root, 'infra', 'topics.json'))
          .filter((t) => t.key === 'orderId')
          .map((t) => t.name),
      );
      const found: Awaited<ReturnType<typeof describeRecord>>[] = [];
      await readTopics({
        brokers: config.kafka.brokers,
        topics,
        fromBeginning: true,
        untilCurrentEnd: true,
        onRecord: async (record) => {
          if (keyedByOrder.has(record.topic) && record.key !== orderId) return;
          const described = await describeRecord(codec, record);
          if ('event' in described && orderIdOf(described.event) !== orderId && record.key !== orderId)
            return;
          found.push(described);
        },
      });
      const at = (d: (typeof found)[number]) =>
        'event' in d && 'metadata' in d.event ? d.event.metadata.occurredAt : d.timestamp;
      found.sort((a, b) => at(a) - at(b));
      if (options.json) {
        for (const d of found) process.stdout.write(`${JSON.stringify(d)}\n`);
        return;
      }
      if (found.length === 0) {
        console.log(`no events for order ${orderId}`);
        process.exitCode = 1;
        return;
      }
      console.table(
        found.map((d) => ({
          at: new Date(at(d)).toISOString(),
          topic: d.topic,
          event: 'event' in d ? d.event.type.split('.').pop() : `UNDECODABLE ${d.error.code}`,
          version: 'event' in d && 'metadata' in d.event ? d.event.metadata.aggregateVersion : '',
          position: `${d.partition}@${d.offset}`,
        })),
      );
    });
}
