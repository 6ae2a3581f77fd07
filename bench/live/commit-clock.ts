import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Client } from 'pg';

/** Where each move of the clocked checkpoint is announced, as `<partition>:<next offset>`. */
export const COMMIT_CLOCK_CHANNEL = 'shopstream_bench_commit_clock';

interface Moves {
  readonly partitions: number[];
  readonly nextOffsets: number[];
  readonly at: number[];
}

export interface CommitClock {
  /** Reads the moves so far; then `committedAt` answers for them. */
  refresh(): Promise<void>;
  /** When the projection's checkpoint first moved past `offset` of `partition`, or null if it has not yet. */
  committedAt(partition: number, offset: number): number | null;
  stop(): Promise<void>;
}

/**
 * Times each commit of `projection` on `topic` as PostgreSQL announces it: a trigger the benchmark adds to the
 * checkpoints table for its run (and removes after) notifies every move of the projection's checkpoint, and a
 * listener in a thread of its own notes when each arrives.
 */
export async function startCommitClock(options: {
  readonly databaseUrl: string;
  readonly projection: string;
  readonly topic: string;
}): Promise<CommitClock> {
  const admin = new Client({ connectionString: options.databaseUrl });
  await admin.connect();
  const drop = async () => {
    await admin.query(
      'drop trigger if exists shopstream_bench_commit_clock on public.projection_checkpoints',
    );
    await admin.query('drop function if exists public.shopstream_bench_commit_clock()');
  };
  await drop();
  await admin.query(`
    create function public.shopstream_bench_commit_clock() returns trigger language plpgsql as $fn$
    begin
      perform pg_notify('${COMMIT_CLOCK_CHANNEL}', new.partition || ':' || new.next_offset);
      return null;
    end
    $fn$`);
  await admin.query(
    `create trigger shopstream_bench_commit_clock after insert or update on public.projection_checkpoints
       for each row when (new.projection = ${literal(options.projection)} and new.topic = ${literal(options.topic)})
       execute function public.shopstream_bench_commit_clock()`,
  );
  const worker = new Worker(path.join(__dirname, 'commit-clock.worker.js'), {
    workerData: { databaseUrl: options.databaseUrl, channel: COMMIT_CLOCK_CHANNEL },
  });
  const ask = <T>(message: string) =>
    new Promise<T>((resolve, reject) => {
      worker.once('message', (value: T & { error?: string }) =>
        value.error ? reject(new Error(`commit clock: ${value.error}`)) : resolve(value),
      );
      worker.postMessage(message);
    });
  await new Promise<void>((resolve, reject) =>
    worker.once('message', (m: { error?: string }) =>
      m.error ? reject(new Error(`commit clock: ${m.error}`)) : resolve(),
    ),
  );
  const byPartition = new Map<number, { next: number[]; at: number[] }>();
  return {
    async refresh() {
      const moves = await ask<Moves>('report');
      byPartition.clear();
      moves.partitions.forEach((p, i) => {
        let list = byPartition.get(p);
        if (!list) byPartition.set(p, (list = { next: [], at: [] }));
        list.next.push(moves.nextOffsets[i]!);
        list.at.push(moves.at[i]!);
      });
    },
    committedAt(partition, offset) {
      const list = byPartition.get(partition);
      if (!list) return null;
      // Moves of one partition arrive in commit order with growing offsets: the first past `offset` is its commit.
      let low = 0;
      let high = list.next.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (list.next[middle]! <= offset) low = middle + 1;
        else high = middle;
      }
      return low < list.next.length ? list.at[low]! : null;
    },
    async stop() {
      await ask('close').catch(() => undefined);
      await worker.terminate();
      await drop();
      await admin.end();
    },
  };
}

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
