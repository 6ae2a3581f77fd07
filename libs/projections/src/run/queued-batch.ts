import { ShopstreamEvent } from '@shopstream/events';
import { RecordBatch } from '@shopstream/kafka';
import { CheckpointAdvance } from '../checkpoints/checkpoint-store';
import { ProjectedEvent } from '../definition/projection';
import { nextAfter, slotOf } from './lane-positions';

/** A fetched partition's batch, decoded, waiting in a lane's queue. */
export interface QueuedBatch {
  readonly batch: RecordBatch;
  readonly events: ProjectedEvent<ShopstreamEvent>[];
  /** When the runner received the batch from Kafka (epoch milliseconds). */
  readonly receivedAt: number;
}

/** Where each partition of the queued batches starts and ends up: two batches of one partition are one advance. */
export function advancesOf(members: readonly QueuedBatch[]): CheckpointAdvance[] {
  const bySlot = new Map<string, CheckpointAdvance>();
  for (const { batch, events } of members) {
    const slot = slotOf(batch);
    const nextOffset = String(nextAfter(events));
    const earlier = bySlot.get(slot);
    bySlot.set(
      slot,
      earlier
        ? { ...earlier, nextOffset }
        : { topic: batch.topic, partition: batch.partition, fromOffset: events[0]!.offset, nextOffset },
    );
  }
  return [...bySlot.values()];
}

/** The first of the batches of each partition: where each must be read from again when none of them is applied. */
export function firstOfEachPartition(members: readonly QueuedBatch[]): QueuedBatch[] {
  const first = new Map<string, QueuedBatch>();
  for (const m of members) if (!first.has(slotOf(m.batch))) first.set(slotOf(m.batch), m);
  return [...first.values()];
}
