import { ShopstreamEvent } from '@shopstream/events';
import { IncomingRecord } from '@shopstream/kafka';
import { ParkedRecord } from '../dead-letters/dead-letter-store';
import { ProjectedEvent } from '../definition/projection';
import { failureCode, failureMessage } from './error-classification';

/** A record after decoding: its event, or why it has none. */
export type Decoded =
  { record: IncomingRecord; event: ShopstreamEvent } | { record: IncomingRecord; error: unknown };

export const projected = (
  record: IncomingRecord,
  event: ShopstreamEvent,
): ProjectedEvent<ShopstreamEvent> => ({
  event,
  topic: record.topic,
  partition: record.partition,
  offset: record.offset,
  key: record.key,
});

/** Splits decoded records into what to apply and what to park, keeping each key's order. */
export function sortOut(
  decoded: readonly Decoded[],
  poison: ReadonlyMap<string, unknown>,
  blockedKeys: ReadonlySet<string>,
): { toApply: ProjectedEvent<ShopstreamEvent>[]; parked: ParkedRecord[] } {
  const blocked = new Set(blockedKeys);
  const toApply: ProjectedEvent<ShopstreamEvent>[] = [];
  const parked: ParkedRecord[] = [];
  for (const d of decoded) {
    const { record } = d;
    const failure = poison.get(record.offset);
    const behind = record.key !== null && blocked.has(record.key);
    if (failure !== undefined || behind || 'error' in d) {
      const cause = failure ?? ('error' in d ? d.error : undefined);
      parked.push({
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        key: record.key,
        value: record.value,
        errorCode: cause === undefined ? 'PARKED_BEHIND_KEY' : failureCode(cause),
        message:
          cause === undefined ? `an earlier event of key ${record.key} is parked` : failureMessage(cause),
      });
      if (record.key !== null) blocked.add(record.key);
      continue;
    }
    toApply.push(projected(record, d.event));
  }
  return { toApply, parked };
}
