import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import { KafkaCredentials } from '@shopstream/kafka';
import { benchTopic } from '../support/event-set';
import { freshRecords } from '../support/paced-producer';
import { percentiles, Percentiles } from '../support/stats';
import { packRecords, ProbeInput, ProbeOutput, transferablesOf } from './latency-probe';

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

const POLL_MS = 5;

/**
 * L: new events produced at a fixed rate (half the measured maximum) while every read model runs at the head of
 * the log; for each event on the watched topic, the time from just before it is produced until the watched
 * projection's checkpoint (committed in the same transaction as its rows) passes its offset. The checkpoint is
 * polled every 5 ms, so each figure is late by up to that much. The first `warmupSeconds` run at the same rate
 * unsampled: what is measured is the steady state, not fifteen consumer groups joining. Producing and polling run
 * on a worker thread (latency-probe.ts), away from this thread's heap.
 */
export async function measureLatency(options: {
  databaseUrl: string;
  brokers: readonly string[];
  /** The operator's Kafka principal, for the probe's producer on its own thread. */
  credentials: KafkaCredentials | null;
  codec: EventCodec<ShopstreamEvent>;
  ns: string;
  watchedInstance: string;
  watchedTopic: string;
  targetPerSecond: number;
  seconds: number;
  warmupSeconds: number;
  onProduced: (topic: string, count: number) => void;
}): Promise<LatencyResult> {
  const { codec, ns, targetPerSecond, seconds, warmupSeconds } = options;
  const warmup = Math.ceil(targetPerSecond * warmupSeconds);
  const wanted = warmup + Math.ceil(targetPerSecond * seconds);
  const records = packRecords(await freshRecords(codec, ns, 'l', 77, wanted));
  const input: ProbeInput = {
    brokers: options.brokers,
    credentials: options.credentials,
    databaseUrl: options.databaseUrl,
    records,
    targetPerSecond,
    warmup,
    watchedInstance: options.watchedInstance,
    watchedTopic: benchTopic(options.watchedTopic, ns),
    pollMs: POLL_MS,
    drainTimeoutMs: 120_000,
  };
  const output = await runProbe(input);
  for (const [topic, count] of output.producedByTopic) options.onProduced(topic, count);
  return {
    targetPerSecond,
    achievedPerSecond: output.sent / output.seconds,
    events: output.sent,
    latency: percentiles(output.samples),
    samples: output.samples,
    pollIntervalMs: POLL_MS,
    warmupSeconds,
  };
}

function runProbe(input: ProbeInput): Promise<ProbeOutput> {
  const worker = new Worker(path.join(__dirname, 'latency-probe.js'), {
    workerData: input,
    transferList: transferablesOf(input.records),
  });
  return new Promise<ProbeOutput>((resolve, reject) => {
    worker.once('message', (message: { output?: ProbeOutput; error?: string }) =>
      message.output ? resolve(message.output) : reject(new Error(`L's probe failed: ${message.error}`)),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`L's probe exited (${code}) without a result`)));
  }).finally(() => void worker.terminate());
}
