import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { Command } from 'commander';
import { loadConfig } from '@shopstream/config';
import { createEventCodec, SelfCheck } from '@shopstream/events';
import { BatchConsumer, EventProducer } from '@shopstream/kafka';

const TOPIC = 'shopstream.platform';

/**
 * Proves the platform end to end: encodes probes through the codec (schema registered by `up`), produces them with
 * acks=all, reads them back in a fresh consumer group and decodes them through the registry.
 */
export function registerSelfcheckCommand(program: Command): void {
  program
    .command('selfcheck')
    .description(
      'produce a few Avro probes, read them back through a consumer group and the registry, show them',
    )
    .option('--count <n>', 'probes to send', '5')
    .action(async (options: { count: string }) => {
      const config = loadConfig();
      const count = Math.max(1, Number(options.count) || 5);
      const codec = createEventCodec(config.registry.url);
      const checkId = randomUUID();
      const probes: SelfCheck[] = Array.from({ length: count }, (_, i) => ({
        type: 'shopstream.platform.SelfCheck',
        checkId,
        sequence: i + 1,
        sentAt: Date.now(),
        host: os.hostname(),
      }));

      const producer = new EventProducer({ brokers: config.kafka.brokers, clientId: 'shopstream-selfcheck' });
      await producer.connect();
      const started = Date.now();
      const positions = await producer.send(
        await Promise.all(
          probes.map(async (p) => ({ topic: TOPIC, key: checkId, value: await codec.encode(p) })),
        ),
      );
      await producer.disconnect();
      console.log(
        `produced ${count} probes to ${TOPIC} partition ${positions[0]?.partition} offsets ${positions[0]?.offset}..${positions.at(-1)?.offset}`,
      );

      const consumer = new BatchConsumer({
        brokers: config.kafka.brokers,
        clientId: 'shopstream-selfcheck',
        groupId: `shopstream-selfcheck-${checkId}`,
        topics: [TOPIC],
        fromBeginning: true,
      });
      const seen: SelfCheck[] = [];
      const done = new Promise<void>((resolve, reject) => {
        consumer
          .start(async (batch) => {
            for (const record of batch.records) {
              if (record.key !== checkId) continue;
              const event = await codec.decode(record.value);
              if (event.type === 'shopstream.platform.SelfCheck') seen.push(event);
            }
            if (seen.length >= count) resolve();
          })
          .catch(reject);
      });
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(
          () =>
            reject(
              new Error('selfcheck: the probes did not come back within 60s; see `npx shopstream status`'),
            ),
          60_000,
        ).unref(),
      );
      try {
        await Promise.race([done, timeout]);
      } finally {
        await consumer.stop();
      }
      console.table(
        seen.map((p) => ({
          checkId: p.checkId.slice(0, 8),
          sequence: p.sequence,
          sentAt: new Date(p.sentAt).toISOString(),
          host: p.host,
        })),
      );
      console.log(
        `read back ${seen.length}/${count} probes in ${Date.now() - started} ms: Kafka, the registry and decoding work`,
      );
    });
}
