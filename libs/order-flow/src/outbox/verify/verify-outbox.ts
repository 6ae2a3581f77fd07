import { OutboxStore } from '../outbox-store';
import { judgeOutbox, LogPosition } from './outbox-verdicts';

/** Reads a topic from its start to its current end, giving each record's position and event id (null: undecodable). */
export type LogScan = (
  topic: string,
  visit: (partition: number, offset: string, eventId: string | null) => void,
) => Promise<void>;

export interface TopicVerification {
  readonly topic: string;
  readonly checked: number;
  readonly inPlace: number;
  readonly misplaced: number;
  readonly missing: number;
  readonly duplicatedInLog: number;
  readonly undecodable: number;
  readonly missingEventIds: readonly string[];
}

export interface OutboxVerification {
  readonly repaired: boolean;
  readonly topics: readonly TopicVerification[];
}

/**
 * Checks every published outbox row against the log: is its event (found by event id, not by trusting the recorded
 * offset) in its topic, and where. With `repair`, a misplaced row gets its real position and a missing event is put
 * back in the outbox queue, so the relay publishes it again. Idempotent: a second run finds everything in place.
 * Only rows published before the scan started are judged, so the relay may keep running meanwhile.
 */
export async function verifyOutbox(
  store: OutboxStore,
  scan: LogScan,
  options: { readonly repair: boolean; readonly topics?: readonly string[] },
): Promise<OutboxVerification> {
  const startedAt = await store.now();
  const topics: TopicVerification[] = [];
  const only = options.topics ? new Set(options.topics) : null;
  for (const topic of await store.publishedTopics(startedAt)) {
    if (only && !only.has(topic)) continue;
    const rows = await store.publishedOn(topic, startedAt);
    const wanted = new Set(rows.map((r) => r.eventId));
    const found = new Map<string, LogPosition[]>();
    let undecodable = 0;
    await scan(topic, (partition, offset, eventId) => {
      if (eventId === null) undecodable++;
      else if (wanted.has(eventId))
        found.set(eventId, [...(found.get(eventId) ?? []), { partition, offset }]);
    });
    const verdicts = judgeOutbox(rows, found);
    if (options.repair) {
      // Missing rows first: a misplaced row may be moving onto the position a missing row wrongly claimed.
      await store.republish(verdicts.missing.map((r) => r.id));
      await store.correctPositions(verdicts.misplaced);
    }
    topics.push({
      topic,
      checked: rows.length,
      inPlace: verdicts.inPlace,
      misplaced: verdicts.misplaced.length,
      missing: verdicts.missing.length,
      duplicatedInLog: verdicts.duplicated.size,
      undecodable,
      missingEventIds: verdicts.missing.map((r) => r.eventId),
    });
  }
  return { repaired: options.repair, topics };
}
