import { Command } from 'commander';
import { eventCount } from '../arguments/argument-checks';
import { createEventCodec } from '@shopstream/events';
import {
  checkRebuildRunners,
  DEFAULT_REBUILD_RUNNERS,
  liveInstanceOf,
  parseRunStart,
  rebuildPoolSize,
  rebuildProjections,
} from '@shopstream/projections';
import { READ_MODELS } from '@shopstream/read-models';
import { withPlatform, progressView } from './projection-run';
import { readModelNamed } from './read-model-named';

/** `projections rebuild`: rebuild beside live and swap in. */
export function registerRebuildCommand(projections: Command): void {
  projections
    .command('rebuild [names...]')
    .description(
      'rebuild beside the live tables and swap in atomically; live keeps serving throughout. Several names (or ' +
        '--all) are rebuilt on shared runners, reading each topic once, and swapped in together',
    )
    .option('--all', 'every read model')
    .option('--from <earliest|time>', "where to start: 'earliest' (default) or an ISO-8601 time", 'earliest')
    .option('--max-gap <events>', 'swap once this close to the head; the live runner applies the rest', '500')
    .option(
      '--runners <n>',
      'shadow runners that split the partitions (consumers in the rebuild group)',
      String(DEFAULT_REBUILD_RUNNERS),
    )
    .option('--partitions', 'a progress bar per partition')
    .option('--json', 'progress and summary as JSON lines')
    .action(
      async (
        names: string[],
        options: {
          all?: boolean;
          from: string;
          maxGap: string;
          runners: string;
          partitions?: boolean;
          json?: boolean;
        },
      ) => {
        if (options.all && names.length > 0) throw new Error('give projection names or --all, not both');
        if (!options.all && names.length === 0)
          throw new Error(
            `name the projections to rebuild, or pass --all; known: ${READ_MODELS.map((p) => p.name).join(', ')}`,
          );
        const selected = options.all ? READ_MODELS : [...new Set(names)].map(readModelNamed);
        const from = parseRunStart(options.from);
        const maxGap = eventCount('--max-gap', options.maxGap);
        const runners = checkRebuildRunners(Number(options.runners));
        await withPlatform(
          async ({ config, dataSource }) => {
            const view = progressView(options);
            try {
              const summaries = await rebuildProjections({
                members: selected.map((projection) => ({
                  projection,
                  target: liveInstanceOf(projection, config.projector.namespace),
                })),
                dataSource,
                codec: createEventCodec(config.registry.url),
                brokers: config.kafka.brokers,
                from,
                maxGap,
                runners,
                onProgress: view.update,
              });
              view.stop();
              for (const summary of summaries) {
                if (options.json) console.log(JSON.stringify({ type: 'summary', ...summary }));
                else
                  console.log(
                    `Rebuilt ${summary.projection} v${summary.version}: ${summary.events} events in ${summary.seconds.toFixed(1)} s ` +
                      `(${summary.eventsPerSecond} events/s bulk load, indexes ${summary.indexSeconds.toFixed(1)} s); ` +
                      `swapped into ${summary.liveSchema}, live runner paused ${summary.swapPausedMs} ms.`,
                  );
              }
            } finally {
              view.stop();
            }
          },
          rebuildPoolSize(selected.length, runners),
        );
      },
    );
}
