import { Command } from 'commander';
import { loadConfig } from '@shopstream/config';
import { ListeningSession } from '@shopstream/database';
import { createEventCodec, eventIdOf } from '@shopstream/events';
import { readTopics } from '@shopstream/kafka';
import { LogScan, OutboxStore, verifyOutbox } from '@shopstream/order-flow';

export function registerOutboxCommands(program: Command): void {
  const outbox = program.command('outbox').description('the write side’s outbox: what was published where');

  outbox
    .command('verify')
    .description(
      'check every published outbox event against the log by event id; --repair corrects wrong positions and publishes again what is missing',
    )
    .option('--repair', 'correct positions and re-queue missing events for the relay (idempotent)')
    .option('--topic <topic...>', 'only these topics')
    .option('--json', 'print the report as JSON')
    .action(async (options: { repair?: boolean; json?: boolean; topic?: string[] }) => {
      const config = loadConfig();
      const codec = createEventCodec(config.registry.url);
      const session = new ListeningSession({ url: config.database.url, name: 'outbox verify', channels: [] });
      await session.start();
      const scan: LogScan = (topic, visit) =>
        readTopics({
          brokers: config.kafka.brokers,
          topics: [topic],
          fromBeginning: true,
          untilCurrentEnd: true,
          onRecord: async (record) => {
            const eventId = await codec.decode(record.value).then(eventIdOf, () => null);
            visit(record.partition, record.offset, eventId);
          },
        });
      try {
        const report = await verifyOutbox(new OutboxStore(session), scan, {
          repair: options.repair ?? false,
        });
        if (options.json) {
          process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        } else {
          console.table(report.topics.map(({ missingEventIds: _, ...counts }) => counts));
          const missing = report.topics.reduce((n, t) => n + t.missing, 0);
          const misplaced = report.topics.reduce((n, t) => n + t.misplaced, 0);
          if (missing + misplaced === 0)
            console.log('every published event is in the log where the outbox says');
          else if (report.repaired)
            console.log(
              `repaired: ${misplaced} position(s) corrected, ${missing} event(s) queued for the relay to publish again`,
            );
          else
            console.log(
              `run \`npx shopstream outbox verify --repair\` to correct ${misplaced} and republish ${missing}`,
            );
        }
        const unrepaired = report.topics.some((t) => t.missing + t.misplaced > 0) && !report.repaired;
        if (unrepaired) process.exitCode = 1;
      } finally {
        await session.stop();
      }
    });
}
