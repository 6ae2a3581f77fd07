import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import { MultiBar, Presets, SingleBar } from 'cli-progress';
import { DataSource } from 'typeorm';
import { loadConfig, PlatformConfig } from '@shopstream/config';
import { createDataSource } from '@shopstream/database';
import { createEventCodec } from '@shopstream/events';
import {
  checkRebuildRunners,
  DEFAULT_REBUILD_RUNNERS,
  dropReplay,
  listReplays,
  liveInstanceOf,
  parseRunStart,
  parseTime,
  rebuildPoolSize,
  rebuildProjections,
  replayProjection,
  resetProjection,
  RunProgress,
  verifyProjection,
} from '@shopstream/projections';
import { READ_MODELS } from '@shopstream/read-models';

interface RunContext {
  readonly config: PlatformConfig;
  readonly dataSource: DataSource;
}

async function withPlatform<T>(work: (context: RunContext) => Promise<T>, poolSize = 6): Promise<T> {
  const config = loadConfig();
  const dataSource = createDataSource(config.database.url, { poolSize });
  await dataSource.initialize();
  try {
    return await work({ config, dataSource });
  } finally {
    await dataSource.destroy();
  }
}

function projectionNamed(name: string) {
  const projection = READ_MODELS.find((p) => p.name === name);
  if (!projection)
    throw new Error(`No projection "${name}"; known: ${READ_MODELS.map((p) => p.name).join(', ')}`);
  return projection;
}

/**
 * Shows a run's progress: bars on a terminal (one per partition with `partitions`), one JSON line a second with
 * --json, nothing otherwise (a pipe or a log file gets only the summary).
 */
function progressView(options: { json?: boolean; partitions?: boolean }) {
  if (options.json) {
    let last = 0;
    return {
      update: (p: RunProgress) => {
        if (Date.now() - last < 1_000 && p.phase !== 'done') return;
        last = Date.now();
        console.log(JSON.stringify({ type: 'progress', ...p }));
      },
      stop: () => undefined,
    };
  }
  if (!process.stdout.isTTY) return { update: () => undefined, stop: () => undefined };
  const format =
    '{label} [{bar}] {percentage}% | {value}/{total} events | {rate} ev/s | ETA {eta_formatted} | {phase}';
  const multi = new MultiBar({ format, hideCursor: true, clearOnComplete: false }, Presets.shades_classic);
  const bars = new Map<string, SingleBar>();
  const show = (label: string, done: number, total: number, payload: Record<string, unknown>) => {
    const bar = bars.get(label) ?? multi.create(total, done, { label, ...payload });
    bars.set(label, bar);
    bar.setTotal(Math.max(total, 1));
    bar.update(done, { label, ...payload });
  };
  return {
    update: (p: RunProgress) => {
      show(p.run, p.done, p.total, { rate: p.eventsPerSecond, phase: p.phase });
      if (options.partitions)
        for (const part of p.partitions)
          show(`  ${part.topic}/${part.partition}`, part.done, part.total, {
            rate: '-',
            phase: part.position,
          });
    },
    stop: () => multi.stop(),
  };
}

export function registerRebuildCommands(projections: Command, program: Command): void {
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
        const selected = options.all ? READ_MODELS : [...new Set(names)].map(projectionNamed);
        const from = parseRunStart(options.from);
        const maxGap = Number(options.maxGap);
        if (!(maxGap >= 0)) throw new Error(`--max-gap must be a number of events, got ${options.maxGap}`);
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

  projections
    .command('reset <name>')
    .description(
      "drop a projection's tables and checkpoints: the projector rebuilds it from scratch on its next start",
    )
    .option('--yes', 'do not ask')
    .action(async (name: string, options: { yes?: boolean }) => {
      const projection = projectionNamed(name);
      if (!options.yes) {
        if (!process.stdin.isTTY) throw new Error('reset drops the live tables; pass --yes to confirm');
        const prompt = createInterface({ input: process.stdin, output: process.stdout });
        const answer = await prompt.question(
          `Drop every table and checkpoint of ${name}? Queries fail until the projector is started again and ` +
            'has rebuilt it. Stop the projector first. Type the projection name to confirm: ',
        );
        prompt.close();
        if (answer.trim() !== name) throw new Error('not confirmed; nothing was changed');
      }
      await withPlatform(async ({ config, dataSource }) => {
        const summary = await resetProjection(
          dataSource,
          projection,
          liveInstanceOf(projection, config.projector.namespace),
        );
        console.log(
          `Reset ${summary.projection}: dropped ${summary.droppedSchema} and ${summary.checkpointsDeleted} checkpoint(s). ` +
            'Start the projector to rebuild it.',
        );
      });
    });

  projections
    .command('verify <name>')
    .description('rebuild into a scratch schema and compare every table with live; exit 1 on a difference')
    .option('--limit <rows>', 'differing rows listed per table', '20')
    .option('--json', 'print the report as JSON')
    .action(async (name: string, options: { limit: string; json?: boolean }) => {
      const projection = projectionNamed(name);
      await withPlatform(async ({ config, dataSource }) => {
        const view = progressView({ json: false });
        const report = await verifyProjection({
          projection,
          target: liveInstanceOf(projection, config.projector.namespace),
          dataSource,
          codec: createEventCodec(config.registry.url),
          brokers: config.kafka.brokers,
          limit: Number(options.limit) || 20,
          onProgress: view.update,
        }).finally(() => view.stop());
        if (options.json) console.log(JSON.stringify(report, null, 2));
        else {
          console.table(
            report.tables.map((t) => ({
              table: t.table,
              equal: t.equal,
              liveRows: t.live.rows,
              rebuiltRows: t.rebuilt.rows,
              differingRows: t.differingRows,
            })),
          );
          for (const t of report.tables.filter((x) => !x.equal)) {
            console.log(`\n${t.table}: ${t.differingRows} differing row(s)`);
            for (const d of t.differences)
              console.log(
                `  key ${JSON.stringify(d.key)}\n    live    ${JSON.stringify(d.live)}\n    rebuilt ${JSON.stringify(d.rebuilt)}`,
              );
          }
        }
        if (!report.equal) process.exitCode = 1;
      });
    });

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
      ) =>
        withPlatform(async ({ config, dataSource }) => {
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
          if (!name || !options.until || !options.into)
            throw new Error(
              'replay needs <projection> --until <time> --into <schema> (or --list, or --drop <schema>)',
            );
          const projection = projectionNamed(name);
          const view = progressView(options);
          const summary = await replayProjection({
            projection,
            target: liveInstanceOf(projection, config.projector.namespace),
            dataSource,
            codec: createEventCodec(config.registry.url),
            brokers: config.kafka.brokers,
            into: options.into,
            until: parseTime(options.until, '--until'),
            from: parseRunStart(options.from),
            onProgress: view.update,
          }).finally(() => view.stop());
          if (options.json) console.log(JSON.stringify({ type: 'summary', ...summary }));
          else
            console.log(
              `Replayed ${summary.projection} until ${summary.until} into ${summary.schema}: ${summary.eventsRead} events read ` +
                `in ${summary.seconds.toFixed(1)} s; ${summary.tables.map((t) => `${t.table} ${t.rows} rows`).join(', ')}.`,
            );
        }),
    );
}
