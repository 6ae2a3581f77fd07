import { ShopstreamEvent } from '@shopstream/events';
import { ProjectedEvent, Projection } from '../definition/projection';
import { slotOf } from '../rebuild/partition-positions';

/**
 * A projection that applies each partition only up to `until`: at the first event that occurred after it, the
 * partition stops for good (later events of that partition are not applied, even one that claims an earlier time),
 * so the copy is the state the live view had once the log reached that point.
 *
 * `stops` records the offset each partition stopped at. An offset rather than a flag: a batch retried after a
 * transient failure must still apply the events before the stop.
 */
export function untilFilter(projection: Projection, until: Date, stops: Map<string, bigint>): Projection {
  const limit = until.getTime();
  return {
    ...projection,
    async apply(batch, sql) {
      const kept: ProjectedEvent<ShopstreamEvent>[] = [];
      for (const e of batch) {
        const slot = slotOf(e.topic, e.partition);
        const offset = BigInt(e.offset);
        const stop = stops.get(slot);
        if (stop !== undefined && offset >= stop) continue;
        if ('metadata' in e.event && e.event.metadata.occurredAt > limit) {
          stops.set(slot, offset);
          continue;
        }
        kept.push(e);
      }
      if (kept.length > 0) await projection.apply(kept, sql);
    },
  };
}
