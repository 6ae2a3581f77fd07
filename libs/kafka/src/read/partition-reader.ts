import { randomUUID } from 'node:crypto';
import { Consumer, EachBatchPayload } from 'kafkajs';
import { createKafka } from '../client/kafka-client';
import { IncomingRecord } from '../consume/batch-consumer';
import { CrashRestart } from '../consume/crash-restart';
import { IDLE_FETCH_WAIT_MS } from '../consume/idle-fetch-wait';
import { KafkaUnavailableError } from '../kafka.errors';
import { fetchPartitionOffsets } from '../topics/topic-offsets';
import type { KafkaCredentials } from '../client/kafka-credentials';

export interface PartitionReaderOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** The principal to read as; the process's own when absent. */
  readonly credentials?: KafkaCredentials | null;
  readonly topic: string;
  /** Offset each partition starts at, asked once the reader holds the partition. */
  readonly startAt: (partition: number) => Promise<string> | string;
  /** Records of one partition in log order, never one twice and never one before its start. */
  readonly onRecords: (partition: number, records: readonly IncomingRecord[]) => Promise<void>;
  /** Called when startAt or onRecords threw: the reader stops; the caller decides what to do. */
  readonly onError: (error: unknown) => void;
}

/**
 * Reads every partition of a topic from offsets the caller chooses, as a reader of its own: it is the only member
 * of a throw-away group (so it holds every partition), never commits, and deletes the group when it stops. Several
 * readers of one topic (gateways) each see the whole log without moving anyone's offsets.
 */
export class PartitionReader {
  private readonly consumer: Consumer;
  private readonly groupId = `shopstream-partition-reader-${randomUUID()}`;
  /** Next offset each partition hands on; records below it are from before a seek and are dropped. */
  private readonly next = new Map<number, bigint>();
  private stopped = false;
  private readonly restart: CrashRestart;

  constructor(private readonly options: PartitionReaderOptions) {
    this.consumer = createKafka(options).consumer({
      groupId: this.groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 2_000,
      maxWaitTimeInMs: IDLE_FETCH_WAIT_MS,
    });
    this.restart = new CrashRestart(this.consumer, this.groupId);
  }

  async start(): Promise<void> {
    this.consumer.on(this.consumer.events.GROUP_JOIN, (event) => {
      const partitions = event.payload.memberAssignment[this.options.topic] ?? [];
      void this.seekAll(partitions).catch((error: unknown) => this.fail(error));
    });
    try {
      await this.consumer.connect();
      await this.consumer.subscribe({ topics: [this.options.topic], fromBeginning: true });
    } catch (error) {
      throw new KafkaUnavailableError(this.options.brokers, error);
    }
    await this.restart.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 4,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  private async seekAll(partitions: readonly number[]): Promise<void> {
    for (const partition of partitions) {
      // After a rejoin (a batch held longer than the session) carry on where this reader was, not where it began.
      const offset = this.next.get(partition) ?? BigInt(await this.options.startAt(partition));
      this.next.set(partition, offset);
      this.consumer.seek({ topic: this.options.topic, partition, offset: String(offset) });
    }
  }

  private async onBatch({
    batch,
    isRunning,
    isStale,
    heartbeat,
    resolveOffset,
  }: EachBatchPayload): Promise<void> {
    const next = this.next.get(batch.partition);
    // Not yet placed: what arrives is from the group's default start and is read again after the seek.
    if (next === undefined || isStale() || !isRunning()) return;
    const records: IncomingRecord[] = [];
    let expected = next;
    for (const m of batch.messages) {
      const offset = BigInt(m.offset);
      if (offset < expected) continue;
      expected = offset + 1n;
      records.push({
        topic: batch.topic,
        partition: batch.partition,
        offset: m.offset,
        key: m.key ? m.key.toString('utf8') : null,
        value: m.value,
        timestamp: Number(m.timestamp),
        headers: Object.fromEntries(
          Object.entries(m.headers ?? {}).map(([k, v]) => [
            k,
            Buffer.isBuffer(v) ? v.toString('utf8') : String(v ?? ''),
          ]),
        ),
      });
    }
    // The next fetch starts past what was resolved: unresolved, kafkajs would fetch from the seek again and again,
    // and never past what one fetch brings back. Resolving moves no committed offset (the reader commits none).
    const lastOffset = batch.lastOffset();
    if (records.length === 0) {
      resolveOffset(lastOffset);
      return;
    }
    // The handler may wait on others (a projection's commit): keep the membership alive meanwhile.
    // A failed beat is not fatal: the next one retries, and a lost membership makes kafkajs rejoin.
    const beat = setInterval(() => void heartbeat().catch(() => undefined), 2_000);
    try {
      await this.options.onRecords(batch.partition, records);
    } catch (error) {
      this.fail(error);
      return;
    } finally {
      clearInterval(beat);
    }
    this.next.set(batch.partition, expected);
    this.restart.progressed();
    if (isRunning() && !isStale()) resolveOffset(lastOffset);
    await heartbeat();
  }

  private fail(error: unknown): void {
    if (this.stopped) return;
    this.options.onError(error);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.restart.stop();
    await this.consumer.disconnect();
    const admin = createKafka(this.options).admin();
    try {
      await admin.connect();
      await admin.deleteGroups([this.groupId]);
    } catch (error) {
      // The group holds no offsets (the reader never commits) and the broker expires it; nothing is lost.
      this.options.onError(error);
    } finally {
      await admin.disconnect();
    }
  }
}

/** Reads `[from, to)` of each given partition of a topic once, in log order per partition, then stops. */
export async function readPartitionRanges(options: {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly topic: string;
  readonly ranges: ReadonlyMap<number, { readonly from: bigint; readonly to: bigint }>;
  readonly onRecords: (partition: number, records: readonly IncomingRecord[]) => void;
}): Promise<void> {
  const pending = new Map([...options.ranges].filter(([, r]) => r.to > r.from));
  if (pending.size === 0) return;
  // Partitions with nothing to read start at their end, so the reader fetches nothing of them.
  const ends = new Map(
    (await fetchPartitionOffsets(options.brokers, [options.topic])).map((o) => [o.partition, o.high]),
  );
  let finish!: () => void;
  let failWith!: (error: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => {
    finish = resolve;
    failWith = reject;
  });
  const reader = new PartitionReader({
    brokers: options.brokers,
    clientId: options.clientId,
    topic: options.topic,
    startAt: (partition) => String(pending.get(partition)?.from ?? ends.get(partition) ?? 0n),
    onRecords: async (partition, records) => {
      const range = pending.get(partition);
      if (!range) return;
      const inRange = records.filter((r) => BigInt(r.offset) < range.to);
      if (inRange.length > 0) options.onRecords(partition, inRange);
      const last = records.at(-1);
      if (last && BigInt(last.offset) + 1n >= range.to) pending.delete(partition);
      if (pending.size === 0) finish();
    },
    onError: failWith,
  });
  try {
    await reader.start();
    await finished;
  } finally {
    await reader.stop();
  }
}
