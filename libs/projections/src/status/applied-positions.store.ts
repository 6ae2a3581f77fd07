import { SqlExecutor } from '@shopstream/database';
import { appliedPositions, appliedPositionsOf, ProjectionSlot } from '../checkpoints/checkpoint-store';

/** How far projections have applied, for the read-your-writes wait; the checkpoint store answers. */
export class AppliedPositionsStore {
  constructor(private readonly sql: SqlExecutor) {}

  /** The next offset each slot's active version will apply; a slot with no checkpoint yet is absent. */
  async nextOffsets(slots: readonly ProjectionSlot[]): Promise<Map<string, bigint>> {
    const positions = await appliedPositions(this.sql, slots);
    return new Map(positions.map(({ slot, nextOffset }) => [slotKey(slot), nextOffset]));
  }

  /** The next offset of every slot of these projections' active versions, by slot key. */
  async allOf(projections: readonly string[]): Promise<Map<string, bigint>> {
    const positions = await appliedPositionsOf(this.sql, projections);
    return new Map(positions.map(({ slot, nextOffset }) => [slotKey(slot), nextOffset]));
  }
}

export const slotKey = (s: ProjectionSlot): string => `${s.projection}\u0000${s.topic}\u0000${s.partition}`;
