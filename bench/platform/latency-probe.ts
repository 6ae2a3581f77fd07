import { parentPort, workerData } from 'node:worker_threads';
import { Client } from 'pg';
import { EventProducer, KafkaCredentials, OutgoingRecord } from '@shopstream/kafka';
import { producePaced, RecordSource } from '../support/paced-producer';
import { sleep } from '../support/wait-for';

/**
 * L's records in a form that crosses to a worker thread in one piece and keeps its heap small: values and keys each
 * in one buffer (transferred, not copied), topics as indexes into a short table. Cloned one by one, each value would
 * drag along the whole pooled ArrayBuffer it is a slice of, and half a million little objects would be the probe's
 * garbage collector's work for the whole run.
 */
export interface PackedRecords {
  readonly topicNames: readonly string[];
  readonly topics: Uint8Array;
  readonly keys: PackedBytes;
  readonly values: PackedBytes;
}

/** Byte strings end to end: item i is `bytes` from `ends[i - 1]` (0 for the first) to `ends[i]`. */
interface PackedBytes {
  readonly ends: Uint32Array;
  readonly bytes: Uint8Array;
}

export function packRecords(records: readonly OutgoingRecord[]): PackedRecords {
  const topicNames = [...new Set(records.map((r) => r.topic))];
  if (topicNames.length > 255) throw new Error(`packRecords: ${topicNames.length} topics, at most 255`);
  const index = new Map(topicNames.map((name, i) => [name, i]));
  return {
    topicNames,
    topics: Uint8Array.from(records, (r) => index.get(r.topic)!),
    keys: packBytes(records.map((r) => Buffer.from(r.key, 'utf8'))),
    values: packBytes(records.map((r) => r.value)),
  };
}

/** Every buffer of `packed`, offsets included: handed over to the worker, none copied. */
export const transferablesOf = (packed: PackedRecords): ArrayBuffer[] =>
  [packed.topics, packed.keys.ends, packed.keys.bytes, packed.values.ends, packed.values.bytes].map(
    (array) => array.buffer as ArrayBuffer,
  );

function packBytes(items: readonly Uint8Array[]): PackedBytes {
  const ends = new Uint32Array(items.length);
  let size = 0;
  items.forEach((item, i) => (ends[i] = size += item.length));
  const bytes = new Uint8Array(size);
  items.forEach((item, i) => bytes.set(item, ends[i]! - item.length));
  return { ends, bytes };
}

/** Item `i` of packed bytes, without a copy. */
function itemOf({ ends, bytes }: PackedBytes, i: number): Buffer {
  const start = i === 0 ? 0 : ends[i - 1]!;
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, ends[i]! - start);
}

/** The records as producePaced reads them, each made when its send comes. */
function unpackRecords({ topicNames, topics, keys, values }: PackedRecords): RecordSource {
  return {
    length: topics.length,
    slice: (start, end) => {
      const chunk: OutgoingRecord[] = [];
      for (let i = start; i < Math.min(end, topics.length); i++)
        chunk.push({
          topic: topicNames[topics[i]!]!,
          key: itemOf(keys, i).toString('utf8'),
          value: itemOf(values, i),
        });
      return chunk;
    },
  };
}

export interface ProbeInput {
  readonly brokers: readonly string[];
  /**
   * The principal to produce as. A worker thread has modules of its own, so the process's credentials
   * (useKafkaCredentials in the main thread) are not its: without these it would connect without SASL and the
   * broker would close the connection.
   */
  readonly credentials: KafkaCredentials | null;
  readonly databaseUrl: string;
  readonly records: PackedRecords;
  readonly targetPerSecond: number;
  /** Records produced before sampling starts. */
  readonly warmup: number;
  readonly watchedInstance: string;
  /** The bench copy of the watched topic. */
  readonly watchedTopic: string;
  readonly pollMs: number;
  /** How long to wait, after the last send, for the read model to show everything produced. */
  readonly drainTimeoutMs: number;
}

export interface ProbeOutput {
  readonly sent: number;
  readonly seconds: number;
  readonly samples: number[];
  readonly producedByTopic: [string, number][];
}

interface Pending {
  readonly offset: bigint;
  readonly sentAt: number;
  readonly sampled: boolean;
}

/**
 * Produces at the target rate and watches the read model's checkpoints, on a thread of its own: the bench's main
 * thread holds the whole event set of P and R, and its garbage collections would otherwise hold up both the sends
 * and the reads of the checkpoints, and count as latency the platform did not add. Its own producer and one
 * PostgreSQL connection; production producers and readers are other processes too.
 */
async function probe(input: ProbeInput): Promise<ProbeOutput> {
  const records = unpackRecords(input.records);
  const producer = new EventProducer({
    brokers: input.brokers,
    clientId: 'bench-latency',
    credentials: input.credentials,
  });
  const db = new Client({ connectionString: input.databaseUrl });
  await producer.connect();
  try {
    await db.connect();
    try {
      return await produceAndWatch(input, records, producer, db);
    } finally {
      await db.end();
    }
  } finally {
    await producer.disconnect();
  }
}

async function produceAndWatch(
  input: ProbeInput,
  records: RecordSource,
  producer: EventProducer,
  db: Client,
): Promise<ProbeOutput> {
  const pending = new Map<number, Pending[]>();
  const producedByTopic = new Map<string, number>();
  const samples: number[] = [];
  let producing = true;
  let giveUp = false;

  const poller = (async () => {
    while (!giveUp && (producing || [...pending.values()].some((q) => q.length > 0))) {
      // Named: prepared once, not parsed and planned 200 times a second on the machine being measured.
      const { rows } = await db.query<{ partition: number; next_offset: string }>({
        name: 'l-checkpoints',
        text: 'select partition, next_offset from public.projection_checkpoints where projection = $1 and topic = $2',
        values: [input.watchedInstance, input.watchedTopic],
      });
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
      await sleep(input.pollMs);
    }
  })();

  try {
    const produced = await producePaced(
      producer,
      records,
      input.targetPerSecond,
      (chunk, positions, sentAt, index) => {
        const sampled = index >= input.warmup;
        positions.forEach((p, i) => {
          const topic = chunk[i]!.topic;
          producedByTopic.set(topic, (producedByTopic.get(topic) ?? 0) + 1);
          if (p.topic !== input.watchedTopic) return;
          const queue = pending.get(p.partition) ?? [];
          queue.push({ offset: BigInt(p.offset), sentAt, sampled });
          pending.set(p.partition, queue);
        });
      },
    );
    producing = false;
    await Promise.race([poller, sleep(input.drainTimeoutMs)]);
    return { ...produced, samples, producedByTopic: [...producedByTopic] };
  } finally {
    producing = false;
    giveUp = true;
    await poller;
  }
}

if (parentPort) {
  const port = parentPort;
  probe(workerData as ProbeInput).then(
    (output) => port.postMessage({ output }),
    (error: unknown) => port.postMessage({ error: error instanceof Error ? error.stack : String(error) }),
  );
}
