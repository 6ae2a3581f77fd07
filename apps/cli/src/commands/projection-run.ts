import { MultiBar, Presets, SingleBar } from 'cli-progress';
import { DataSource } from 'typeorm';
import { loadConfig, PlatformConfig } from '@shopstream/config';
import { createDataSource } from '@shopstream/database';
import { RunProgress } from '@shopstream/projections';

export interface RunContext {
  readonly config: PlatformConfig;
  readonly dataSource: DataSource;
}

/**
 * Runs `work` against the platform's database as the projector's role, closing the connection after: rebuilds,
 * replays and resets make and drop the projector's schemas, which it must go on owning.
 */
export async function withPlatform<T>(work: (context: RunContext) => Promise<T>, poolSize = 6): Promise<T> {
  const config = loadConfig();
  const dataSource = createDataSource(config.database.apps.projector.url, { poolSize });
  await dataSource.initialize();
  try {
    return await work({ config, dataSource });
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Shows a run's progress: bars on a terminal (one per partition with `partitions`), one JSON line a second with
 * --json, nothing otherwise (a pipe or a log file gets only the summary).
 */
export function progressView(options: { json?: boolean; partitions?: boolean }) {
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
