import {
  commitGroupPositions,
  CommittedPosition,
  EventProducer,
  fetchGroupPositions,
  fetchPartitionOffsets,
  IncomingRecord,
  readTopics,
} from '@shopstream/kafka';
import { forwardHeaders, originOf, RETRY_HEADERS } from '../retry/retry-headers';
import { deadLetterCursorGroup, deadLetterTopicName, retryTopicName } from '../retry/retry-topics';
import { NothingToReplayToError, SettledElsewhereError } from './dead-letters.errors';

/** A dead-lettered event of a group that was neither replayed nor discarded. */
export interface DeadLetter {
  readonly record: IncomingRecord;
  readonly originalTopic: string;
  readonly originalPartition: number;
  readonly originalOffset: string;
  readonly exceptionClass: string;
  readonly exceptionMessage: string;
  readonly attempts: number;
}

/** A group's source topics: those it has committed offsets on, less retry and dead-letter topics. */
export async function sourceTopicsOf(brokers: readonly string[], group: string): Promise<string[]> {
  const positions = await fetchGroupPositions(brokers, group);
  return [...new Set(positions.map((p) => p.topic))].filter((t) => !/-retry-\d+$|-dlt$/.test(t)).sort();
}

/**
 * Ours: a record of a dead-letter topic that settles one dead letter of the group (`<partition>@<offset>` of the
 * letter in that topic), replayed or discarded while an earlier one stays pending, so the cursor cannot move past it.
 */
export const SETTLED_HEADER = 'shopstream_dlt-settled';

/** A dead-letter topic's letters past the cursor, and where each partition's log ended when it was read. */
interface DeadLetterScan {
  readonly letters: DeadLetter[];
  readonly ends: Map<string, bigint>;
}

const slotOf = (record: IncomingRecord) => `${record.topic}/${record.partition}`;

/**
 * The group's dead letters still pending: records of its sources' dead-letter topics, written by the group, past
 * the cursor (`<group>-dlt`'s committed offsets), which replay and discard move, and not settled one by one.
 */
export async function pendingDeadLetters(
  brokers: readonly string[],
  group: string,
  sources?: readonly string[],
): Promise<DeadLetter[]> {
  return (await scanDeadLetters(brokers, group, sources)).letters;
}

async function scanDeadLetters(
  brokers: readonly string[],
  group: string,
  sources?: readonly string[],
): Promise<DeadLetterScan> {
  const topics = (sources ?? (await sourceTopicsOf(brokers, group))).map(deadLetterTopicName);
  const present = new Set((await fetchPartitionOffsets(brokers, topics)).map((p) => p.topic));
  const wanted = topics.filter((t) => present.has(t));
  const ends = new Map<string, bigint>();
  if (wanted.length === 0) return { letters: [], ends };
  const cursor = await fetchGroupPositions(brokers, deadLetterCursorGroup(group), wanted);
  const from = new Map(cursor.map((c) => [`${c.topic}/${c.partition}`, c.offset]));
  const letters: DeadLetter[] = [];
  const settled = new Set<string>();
  await readTopics({
    brokers,
    topics: wanted,
    fromBeginning: true,
    untilCurrentEnd: true,
    onRecord: (record) => {
      const slot = slotOf(record);
      ends.set(slot, BigInt(record.offset) + 1n);
      if (BigInt(record.offset) < (from.get(slot) ?? 0n)) return;
      const settles = record.headers[SETTLED_HEADER];
      if (settles !== undefined) {
        if (record.headers[RETRY_HEADERS.originalGroup] === group) settled.add(`${record.topic}/${settles}`);
        return;
      }
      const origin = originOf(record);
      if (origin.group !== group) return;
      letters.push({
        record,
        originalTopic: origin.topic,
        originalPartition: origin.partition,
        originalOffset: origin.offset,
        exceptionClass: record.headers[RETRY_HEADERS.exceptionClass] ?? '',
        exceptionMessage: record.headers[RETRY_HEADERS.exceptionMessage] ?? '',
        attempts: origin.attempts,
      });
    },
  });
  return {
    letters: letters
      .filter((l) => !settled.has(`${l.record.topic}/${l.record.partition}@${l.record.offset}`))
      .sort(
        (a, b) =>
          a.record.topic.localeCompare(b.record.topic) ||
          a.record.partition - b.record.partition ||
          Number(BigInt(a.record.offset) - BigInt(b.record.offset)),
      ),
    ends,
  };
}

/**
 * Sends dead letters back through the group's first retry topic (only that group reads them there, so other groups
 * on the topic see nothing twice), then moves the cursor past them. Nothing is replayed twice: a replayed letter
 * that fails again comes back as a new dead letter. The subscription must run with its retry delays to take them.
 */
export async function replayDeadLetters(
  brokers: readonly string[],
  group: string,
  letters: readonly DeadLetter[],
  firstRetryDelayMs: number,
): Promise<number> {
  if (letters.length === 0) return 0;
  if (!Number.isInteger(firstRetryDelayMs) || firstRetryDelayMs <= 0) throw new NothingToReplayToError(group);
  const producer = new EventProducer({ brokers, clientId: `dlt-replay-${group}` });
  await producer.connect();
  try {
    await producer.send(
      letters.map((l) => ({
        topic: retryTopicName(l.originalTopic, firstRetryDelayMs),
        key: l.record.key ?? '',
        value: l.record.value ?? Buffer.alloc(0),
        headers: forwardHeaders(l.record, group, {
          error: new Error(l.exceptionMessage),
          attempts: l.attempts,
          dueAt: Date.now(),
          heldBehind: false,
        }),
      })),
    );
  } finally {
    await producer.disconnect();
  }
  await discardDeadLetters(brokers, group, letters);
  return letters.length;
}

/**
 * `letters` are no longer pending. In each partition the cursor moves up to the first letter still pending (to the
 * end read when none is); a settled letter behind a pending one gets a settling record in its topic instead.
 */
export async function discardDeadLetters(
  brokers: readonly string[],
  group: string,
  letters: readonly DeadLetter[],
): Promise<void> {
  if (letters.length === 0) return;
  const idOf = (r: IncomingRecord) => `${slotOf(r)}@${r.offset}`;
  const chosen = new Set(letters.map((l) => idOf(l.record)));
  const sources = [...new Set(letters.map((l) => l.originalTopic))];
  const scan = await scanDeadLetters(brokers, group, sources);
  const firstPending = new Map<string, bigint>();
  for (const l of scan.letters) {
    const slot = slotOf(l.record);
    if (!chosen.has(idOf(l.record)) && !firstPending.has(slot))
      firstPending.set(slot, BigInt(l.record.offset));
  }
  const behindPending = letters.filter((l) => {
    const first = firstPending.get(slotOf(l.record));
    return first !== undefined && BigInt(l.record.offset) > first;
  });
  if (behindPending.length) await writeSettled(brokers, group, behindPending);
  const positions: CommittedPosition[] = [];
  for (const slot of new Set(letters.map((l) => slotOf(l.record)))) {
    const offset = firstPending.get(slot) ?? scan.ends.get(slot);
    const [topic, partition] = [
      slot.slice(0, slot.lastIndexOf('/')),
      Number(slot.slice(slot.lastIndexOf('/') + 1)),
    ];
    if (offset !== undefined) positions.push({ topic, partition, offset });
  }
  await commitGroupPositions(brokers, deadLetterCursorGroup(group), positions);
}

/** Settling records go under the letter's key, so they land in its partition, after it, and are read with it. */
async function writeSettled(
  brokers: readonly string[],
  group: string,
  letters: readonly DeadLetter[],
): Promise<void> {
  const producer = new EventProducer({ brokers, clientId: `dlt-settle-${group}` });
  await producer.connect();
  try {
    const written = await producer.send(
      letters.map((l) => ({
        topic: l.record.topic,
        key: l.record.key ?? '',
        value: Buffer.alloc(0),
        headers: {
          [SETTLED_HEADER]: `${l.record.partition}@${l.record.offset}`,
          [RETRY_HEADERS.originalGroup]: group,
        },
      })),
    );
    const strays = written.filter((w, i) => w.partition !== letters[i]!.record.partition);
    if (strays.length) throw new SettledElsewhereError(group, strays.length);
  } finally {
    await producer.disconnect();
  }
}
