import { Command } from 'commander';
import { createEventCodec } from '@shopstream/events';
import {
  checkSandboxName,
  dropReplay,
  listReplays,
  liveInstanceOf,
  parseRunStart,
  parseTime,
  replayProjection,
} from '@shopstream/projections';
import { withPlatform, progressView } from './projection-run';
import { readModelNamed } from './read-model-named';

/** `replay`: a point-in-time copy of a projection in a sandbox schema. */
export function registerReplayCommand(program: Command): void {
  program
    .command('replay [projection]')
    .description('a point-in-time copy of a projection in a sandbox schema, for analysis; live is untouched')
    .option('--until <time>', 'ISO-8601 time: each partition stops at its first event that occurred after it')
    .option('--from <earliest|time>', "where to start: 'earliest' (default) or an ISO-8601 time", 'earliest')
    .option('--into <schema>', 'sandbox schema to create')
    .option('--list', 'list replay sandboxes')
    .option('--drop <schema>', 'drop a replay sandbox')
    .option('--partitions', 'a progress bar per partition')
    .option('--json', 'JSON output')
    .action(
      async (
        name: string | undefined,
        options: {
          until?: string;
          from: string;
          into?: string;
          list?: boolean;
          drop?: string;
          partitions?: boolean;
          json?: boolean;
        },
      ) => {
        // Checked before connecting to anything: a typo is answered at once, not after a connection attempt.
        const request = options.list || options.drop ? null : replayRequest(name, options);
        await withPlatform(async ({ config, dataSource }) => {
          if (options.list) {
            const rows = (await listReplays(dataSource)).map((s) => ({
              schema: s.schema,
              projection: s.projection,
              version: s.version,
              status: s.status,
              from: s.from ?? '-',
              until: s.until ?? '-',
              startedAt: s.startedAt,
            }));
            if (options.json) console.log(JSON.stringify(rows, null, 2));
            else if (rows.length === 0) console.log('No replay sandboxes.');
            else console.table(rows);
            return;
          }
          if (options.drop) {
            const dropped = await dropReplay(dataSource, options.drop);
            console.log(`Dropped replay sandbox ${dropped.schema} (${dropped.projection}).`);
            return;
          }
          if (!request) return;
          const { projection, until, from, into } = request;
          const view = progressView(options);
          const summary = await replayProjection({
            projection,
            target: liveInstanceOf(projection, config.projector.namespace),
            dataSource,
            codec: createEventCodec(config.registry.url),
            brokers: config.kafka.brokers,
            into,
            until,
            from,
            onProgress: view.update,
          }).finally(() => view.stop());
          if (options.json) console.log(JSON.stringify({ type: 'summary', ...summary }));
          else
            console.log(
              `Replayed ${summary.projection} until ${summary.until} into ${summary.schema}: ${summary.eventsRead} events read ` +
                `in ${summary.seconds.toFixed(1)} s; ${summary.tables.map((t) => `${t.table} ${t.rows} rows`).join(', ')}.`,
            );
        });
      },
    );
}

/** What a replay was asked for, every part checked. */
function replayRequest(name: string | undefined, options: { until?: string; from: string; into?: string }) {
  if (!name || !options.until || !options.into)
    throw new Error(
      'replay needs <projection> --until <time> --into <schema> (or --list, or --drop <schema>)',
    );
  checkSandboxName(options.into);
  return {
    projection: readModelNamed(name),
    until: parseTime(options.until, '--until'),
    from: parseRunStart(options.from),
    into: options.into,
  };
}
