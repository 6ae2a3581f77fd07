import { offsetsForTime } from '@shopstream/kafka';
import { deleteInBatches } from './delete-in-batches';
import { AppliedEventsStore, Ledger } from './applied-events-store';
import { eventIdBoundary, hasReadUpTo, ledgerCut, LogPosition } from './ledger-horizon';

export interface LedgerPruning {
  readonly ledger: Ledger;
  readonly deleted: number;
  /** Why nothing was deleted from this ledger, when the projection has not read far enough. */
  readonly skipped?: string;
}

/**
 * Deletes the ledger entries that can no longer matter (see ledger-horizon.ts for why these and no others), ledger
 * by ledger, in batches.
 */
export async function pruneLedgers(options: {
  readonly store: AppliedEventsStore;
  readonly ledgers: readonly Ledger[];
  readonly brokers: readonly string[];
  readonly now: Date;
  readonly ledgerHorizonMs: number;
  readonly outboxHorizonMs: number;
  readonly batchSize: number;
  readonly stopped: () => boolean;
}): Promise<LedgerPruning[]> {
  const cut = ledgerCut(options.now, options);
  const boundary = eventIdBoundary(cut.eventsBefore);
  const out: LedgerPruning[] = [];
  for (const ledger of options.ledgers) {
    if (options.stopped()) break;
    const checkpoints = await options.store.checkpoints(ledger);
    if (checkpoints.length === 0) {
      out.push({ ledger, deleted: 0, skipped: 'no checkpoint yet' });
      continue;
    }
    const atCut: LogPosition[] = [];
    for (const topic of new Set(checkpoints.map((c) => c.topic))) {
      const offsets = await offsetsForTime(options.brokers, topic, cut.readUpTo.getTime());
      for (const [partition, offset] of offsets) atCut.push({ topic, partition, offset });
    }
    if (!hasReadUpTo(checkpoints, atCut)) {
      out.push({ ledger, deleted: 0, skipped: `not yet read up to ${cut.readUpTo.toISOString()}` });
      continue;
    }
    const { deleted } = await deleteInBatches(
      (limit) => options.store.deleteMintedBefore(ledger, boundary, limit),
      options,
    );
    out.push({ ledger, deleted });
  }
  return out;
}
