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
import { NothingToReplayToError } from './dead-letters.errors';

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
 * The group's dead letters still pending: records of its sources' dead-letter topics, written by the group, past
 * the cursor (`<group>-dlt`'s committed offsets), which replay and discard move.
 */
export async function pendingDeadLetters(
  brokers: readonly string[],
  group: string,
  sources?: readonly string[],
): Promise<DeadLetter[]> {
  const topics = (sources ?? (await sourceTopicsOf(brokers, group))).map(deadLetterTopicName);
  const present = new Set((await fetchPartitionOffsets(brokers, topics)).map((p) => p.topic));
  const wanted = topics.filter((t) => present.has(t));
  if (wanted.length === 0) return [];
  const cursor = await fetchGroupPositions(brokers, deadLetterCursorGroup(group), wanted);
  const from = new Map(cursor.map((c) => [`${c.topic}/${c.partition}`, c.offset]));
  const letters: DeadLetter[] = [];
  await readTopics({
    brokers,
    topics: wanted,
    fromBeginning: true,
    untilCurrentEnd: true,
    onRecord: (record) => {
      if (BigInt(record.offset) < (from.get(`${record.topic}/${record.partition}`) ?? 0n)) return;
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
  return letters.sort(
    (a, b) =>
      a.record.topic.localeCompare(b.record.topic) ||
      a.record.partition - b.record.partition ||
      Number(BigInt(a.record.offset) - BigInt(b.record.offset)),
  );
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

/** Moves the group's cursor past `letters`: they no longer count as pending. */
export async function discardDeadLetters(
  brokers: readonly string[],
  group: string,
  letters: readonly DeadLetter[],
): Promise<void> {
  const next = new Map<string, CommittedPosition>();
  for (const l of letters) {
    const slot = `${l.record.topic}/${l.record.partition}`;
    const offset = BigInt(l.record.offset) + 1n;
    const known = next.get(slot);
    if (!known || known.offset < offset)
      next.set(slot, { topic: l.record.topic, partition: l.record.partition, offset });
  }
  await commitGroupPositions(brokers, deadLetterCursorGroup(group), [...next.values()]);
}
