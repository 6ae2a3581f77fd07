import { Command } from 'commander';
import { loadConfig } from '@shopstream/config';
import { createDataSource } from '@shopstream/database';
import { createEventCodec } from '@shopstream/events';
import { orderFlowProcessor } from '@shopstream/order-flow';
import { loadProjectionStatuses, topicsOf } from '@shopstream/projections';
import { READ_MODELS } from '@shopstream/read-models';
import { registerRebuildCommand } from './rebuild.command';
import { registerReplayCommand } from './replay.command';
import { registerResetCommand } from './reset.command';
import { registerVerifyCommand } from './verify.command';

export function registerProjectionsCommands(program: Command): void {
  const projections = program
    .command('projections')
    .description('read models: list, status, rebuild, reset, verify');
  registerRebuildCommand(projections);
  registerResetCommand(projections);
  registerVerifyCommand(projections);
  registerReplayCommand(program);

  projections
    .command('list')
    .description('every projection: version, events it reads, tables')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      const rows = READ_MODELS.map((p) => ({
        projection: p.name,
        version: p.version,
        topics: topicsOf(p).join(','),
        events: p.events.length,
        tables: p.tables.map((t) => t.name).join(','),
        description: p.description,
      }));
      if (options.json) console.log(JSON.stringify(rows, null, 2));
      else console.table(rows);
    });

  projections
    .command('status')
    .description(
      'lag per read model, the order-flow processor and partition; STALLED when behind and not advancing, LOG_GAP when the log starts above a checkpoint',
    )
    .option('--json', 'print JSON')
    .option('--partitions', 'one row per partition')
    .option('--stall-after <seconds>', 'behind and unmoved this long counts as STALLED')
    .action(async (options: { json?: boolean; partitions?: boolean; stallAfter?: string }) => {
      const config = loadConfig();
      const dataSource = createDataSource(config.database.url, { poolSize: 2 });
      await dataSource.initialize();
      try {
        const stallAfterMs = options.stallAfter
          ? Number(options.stallAfter) * 1000
          : config.projector.stallAfterMs;
        if (!(stallAfterMs > 0))
          throw new Error(`--stall-after must be a positive number of seconds, got ${options.stallAfter}`);
        const statuses = await loadProjectionStatuses({
          dataSource,
          brokers: config.kafka.brokers,
          // The processor is status only: it reacts to events, and nothing here runs it.
          projections: [
            ...READ_MODELS,
            orderFlowProcessor(createEventCodec(config.registry.url), { ignored: () => undefined }),
          ],
          stallAfterMs,
        });
        if (options.json) console.log(JSON.stringify(statuses, null, 2));
        else if (options.partitions) {
          console.table(
            statuses.flatMap((s) =>
              s.partitions.map((p) => ({
                projection: s.projection,
                topic: p.topic,
                partition: p.partition,
                checkpoint: p.checkpoint ?? '-',
                logEnd: p.logEnd,
                lag: p.lag,
                gap: p.gap,
                lastProgress: p.lastProgressAt?.toISOString() ?? '-',
              })),
            ),
          );
        } else {
          console.table(
            statuses.map((s) => ({
              projection: s.projection,
              version: s.version,
              state: s.state,
              lag: s.lag,
              deadLetters: s.deadLetters,
              lastProgress: s.lastProgressAt?.toISOString() ?? '-',
            })),
          );
        }
        for (const s of statuses.filter((status) => status.state === 'LOG_GAP'))
          // A message for the person at the terminal, beside the table on stdout.
          console.error(
            `${s.projection}: PROJECTION_LOG_GAP the log starts above its checkpoint in ` +
              `${s.partitions
                .filter((p) => p.gap > 0)
                .map((p) => `${p.topic}/${p.partition} (${p.gap} events gone)`)
                .join(', ')}; see "A gap in the log" in docs/operations.md`,
          );
        if (statuses.some((s) => s.state === 'STALLED' || s.state === 'LOG_GAP')) process.exitCode = 2;
      } finally {
        await dataSource.destroy();
      }
    });
}
