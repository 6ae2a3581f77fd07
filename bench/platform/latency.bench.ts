import { DataSource } from 'typeorm';
import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import { EventProducer } from '@shopstream/kafka';
import { benchTopic } from '../support/event-set';
import { freshRecords, producePaced } from '../support/paced-producer';
import { percentiles, Percentiles } from '../support/stats';
import { sleep } from '../support/wait-for';

export interface LatencyResult {
  readonly targetPerSecond: number;
  readonly achievedPerSecond: number;
  readonly events: number;
  /** Milliseconds from before the produce call to the read model's transaction being visible. */
  readonly latency: Percentiles;
  readonly samples: readonly number[];
  readonly pollIntervalMs: number;
  /** Seconds at the same rate before sampling starts: consumers joining their groups, caches, JIT. */
  readonly warmupSeconds: number;
}

interface Pending {
  readonly offset: bigint;
  readonly sentAt: number;
  readonly sampled: boolean;
}

const POLL_MS = 5;

/**
 * L: new events produced at a fixed rate (half the measured maximum) while every read model runs at the head of
 * the log; for each event on the watched topic, the time from just before it is produced until the watched
 * projection's checkpoint (committed in the same transaction as its rows) passes its offset. The checkpoint is
 * polled every 5 ms, so each figure is late by up to that much. The first `warmupSeconds` run at the same rate
 * unsampled: what is measured is the steady state, not fifteen consumer groups joining.
 */
export async function measureLatency(options: {
  dataSource: DataSource;
  producer: EventProducer;
  codec: EventCodec<ShopstreamEvent>;
  ns: string;
  watchedInstance: string;
  watchedTopic: string;
  targetPerSecond: number;
  seconds: number;
  warmupSeconds: number;
  onProduced: (topic: string) => void;
}): Promise<LatencyResult> {
  const { dataSource, producer, codec, ns, watchedInstance, targetPerSecond, seconds, warmupSeconds } =
    options;
  const warmup = Math.ceil(targetPerSecond * warmupSeconds);
  const wanted = warmup + Math.ceil(targetPerSecond * seconds);
  const records = await freshRecords(codec, ns, 'l', 77, wanted);
  const watched = benchTopic(options.watchedTopic, ns);
  const pending = new Map<number, Pending[]>();
  const samples: number[] = [];
  let producing = true;
  let giveUp = false;

  const poller = (async () => {
    while (!giveUp && (producing || [...pending.values()].some((q) => q.length > 0))) {
      const rows = await dataSource.query<{ partition: number; next_offset: string }[]>(
        'select partition, next_offset from public.projection_checkpoints where projection = $1 and topic = $2',
        [watchedInstance, watched],
      );
      const now = Date.now();
      for (const row of rows) {
        const queue = pending.get(row.partition);
        if (!queue) continue;
        const next = BigInt(row.next_offset);
        let visible = 0;
        while (visible < queue.length && queue[visible]!.offset < next) {
          if (queue[visible]!.sampled) samples.push(now - queue[visible]!.sentAt);
          visible++;
        }
        if (visible > 0) queue.splice(0, visible);
      }
      await sleep(POLL_MS);
    }
  })();

  let produced: { sent: number; seconds: number };
  try {
    produced = await producePaced(producer, records, targetPerSecond, (chunk, positions, sentAt, index) => {
      const sampled = index >= warmup;
      positions.forEach((p, i) => {
        options.onProduced(chunk[i]!.topic);
        if (p.topic !== watched) return;
        const queue = pending.get(p.partition) ?? [];
        queue.push({ offset: BigInt(p.offset), sentAt, sampled });
        pending.set(p.partition, queue);
      });
    });
  } finally {
    producing = false;
  }
  const deadline = Date.now() + 120_000;
  await Promise.race([poller, sleep(Math.max(0, deadline - Date.now()))]);
  giveUp = true;
  await poller;
  return {
    targetPerSecond,
    achievedPerSecond: produced.sent / produced.seconds,
    events: produced.sent,
    latency: percentiles(samples),
    samples,
    pollIntervalMs: POLL_MS,
    warmupSeconds,
  };
}
