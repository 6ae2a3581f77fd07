import { SqlExecutor } from '@shopstream/database';
import { PlatformConfig } from '@shopstream/config';
import {
  AppliedEventsStore,
  deleteInBatches,
  Ledger,
  LedgerPruning,
  pruneLedgers,
} from '@shopstream/projections';
import { IdempotencyKeyStore } from '../stores/idempotency-keys.store';
import { OutboxStore } from '../outbox/outbox-store';

export interface RetentionScope {
  /** Only published outbox rows of this topic. */
  readonly outboxTopic?: string;
  /** Only idempotency keys starting with this. */
  readonly keyPrefix?: string;
  /** Only these ledgers; by default every live read model's and the processor's. */
  readonly ledgers?: readonly Ledger[];
}

export interface RetentionReport {
  readonly outboxRows: number;
  readonly idempotencyKeys: number;
  readonly ledgers: readonly LedgerPruning[];
  readonly tookMs: number;
}

/** What one pass deleted, in one line for the processor's log. */
export function describeRetention(report: RetentionReport): string {
  const ledgerEntries = report.ledgers.reduce((sum, l) => sum + l.deleted, 0);
  const pruned = report.ledgers.filter((l) => l.deleted > 0).map((l) => `${l.ledger.schema} ${l.deleted}`);
  const skipped = report.ledgers.filter((l) => l.skipped).map((l) => `${l.ledger.schema} (${l.skipped})`);
  return (
    `retention: deleted ${report.outboxRows} published outbox row(s), ${report.idempotencyKeys} idempotency key(s), ` +
    `${ledgerEntries} ledger entr${ledgerEntries === 1 ? 'y' : 'ies'}${pruned.length ? ` (${pruned.join(', ')})` : ''}` +
    `${skipped.length ? `; kept ledgers of ${skipped.join(', ')}` : ''} in ${report.tookMs} ms`
  );
}

/**
 * One retention pass: published outbox rows past the outbox horizon, idempotency keys past the replay window, and
 * ledger entries that can no longer stop a duplicate. Every batch is its own statement, so its own transaction.
 */
export async function runRetention(options: {
  readonly sql: SqlExecutor;
  readonly brokers: readonly string[];
  readonly retention: PlatformConfig['retention'];
  /** The processor's own ledger, order_flow.applied_events, with the checkpoints it goes with. */
  readonly processorLedger: Ledger;
  readonly now?: Date;
  readonly stopped?: () => boolean;
  readonly scope?: RetentionScope;
}): Promise<RetentionReport> {
  const started = Date.now();
  const { sql, retention, scope = {} } = options;
  const stopped = options.stopped ?? (() => false);
  const now = options.now ?? (await new OutboxStore(sql).now());
  const batches = { batchSize: retention.batchSize, stopped };
  const outbox = new OutboxStore(sql);
  const outboxBefore = new Date(now.getTime() - retention.outboxHorizonMs);
  const outboxRows = await deleteInBatches(
    (limit) => outbox.deletePublishedBefore(outboxBefore, limit, scope.outboxTopic),
    batches,
  );
  const keys = new IdempotencyKeyStore(sql);
  const keysBefore = new Date(now.getTime() - retention.idempotencyReplayWindowMs);
  const idempotencyKeys = await deleteInBatches(
    (limit) => keys.deleteCreatedBefore(keysBefore, limit, scope.keyPrefix),
    batches,
  );
  const ledgerStore = new AppliedEventsStore(sql);
  const ledgers = scope.ledgers ?? [options.processorLedger, ...(await ledgerStore.liveLedgers())];
  const pruned = await pruneLedgers({
    store: ledgerStore,
    ledgers,
    brokers: options.brokers,
    now,
    ledgerHorizonMs: retention.ledgerHorizonMs,
    outboxHorizonMs: retention.outboxHorizonMs,
    ...batches,
  });
  return {
    outboxRows: outboxRows.deleted,
    idempotencyKeys: idempotencyKeys.deleted,
    ledgers: pruned,
    tookMs: Date.now() - started,
  };
}
