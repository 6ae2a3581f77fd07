import { SqlExecutor } from '@shopstream/database';
import { DataSource } from 'typeorm';
import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import { applyBatch } from '../apply/apply-batch';
import { Projection, projectionSchema } from '../definition/projection';
import { classifyFailure, failureCode, failureMessage } from '../run/error-classification';
import { withoutNul } from '../run/nul-in-text';
import {
  DeadLetter,
  deadLetterLockKey,
  listDeadLetters,
  markDeadLetters,
  recordFailedAttempt,
} from '../dead-letters/dead-letter-store';

export interface RedriveResult {
  readonly id: string;
  readonly key: string | null;
  readonly outcome: 'REDRIVEN' | 'STILL_PARKED' | 'SKIPPED';
  readonly detail: string;
}

/**
 * Applies parked events again, key by key in log order, each in its own transaction. A key stops at its first event
 * that fails again (the rest stay parked behind it), so an aggregate's order is never broken. Holds the projection's
 * dead-letter lock exclusively meanwhile: the projector waits instead of deciding "not parked" for a key mid-redrive.
 */
export async function redriveDeadLetters(options: {
  dataSource: DataSource;
  codec: EventCodec<ShopstreamEvent>;
  projection: Projection;
  /** Defaults to the projection's own name and schema; tests and replays pass their instance's. */
  instanceName?: string;
  schema?: string;
  ids?: readonly string[];
}): Promise<RedriveResult[]> {
  const { projection, codec } = options;
  const name = options.instanceName ?? projection.name;
  const schema = options.schema ?? projectionSchema(projection.name, projection.version);
  const runner = options.dataSource.createQueryRunner();
  await runner.connect();
  const sql: SqlExecutor = { query: (text, params) => runner.query(text, params ? [...params] : undefined) };
  const lock = deadLetterLockKey(name, projection.version);
  await sql.query('select pg_advisory_lock(hashtext($1))', [lock]);
  try {
    const parked = (await listDeadLetters(sql, { projection: name })).filter(
      (d) => d.version === projection.version,
    );
    const groups = new Map<string, DeadLetter[]>();
    for (const d of parked) {
      const group = `${d.topic}\u0000${d.key ?? `\u0001${d.id}`}`;
      groups.set(group, [...(groups.get(group) ?? []), d]);
    }
    const wanted = options.ids ? new Set(options.ids) : null;
    const results: RedriveResult[] = [];
    for (const entries of groups.values()) {
      let blocked = false;
      for (const entry of entries) {
        if (wanted && !wanted.has(entry.id)) {
          // Redriving a later event of a key before an earlier parked one would reorder the aggregate.
          blocked = true;
          continue;
        }
        if (blocked) {
          results.push({
            id: entry.id,
            key: entry.key,
            outcome: 'SKIPPED',
            detail: 'an earlier event of this key is still parked',
          });
          continue;
        }
        try {
          await runner.startTransaction();
          await sql.query(`set local search_path to "${schema}", public`);
          // Parked for a NUL before the lane replaced it: the same bytes would fail again (nul-in-text.ts).
          const event = withoutNul(await codec.decode(entry.value));
          await applyBatch(
            sql,
            projection,
            [{ event, topic: entry.topic, partition: entry.partition, offset: entry.offset, key: entry.key }],
            null,
          );
          await markDeadLetters(sql, [entry.id], 'REDRIVEN');
          await runner.commitTransaction();
          results.push({ id: entry.id, key: entry.key, outcome: 'REDRIVEN', detail: 'applied' });
        } catch (error) {
          if (runner.isTransactionActive) await runner.rollbackTransaction();
          if (classifyFailure(error) === 'transient') throw error;
          await recordFailedAttempt(sql, entry.id, failureCode(error), failureMessage(error));
          results.push({
            id: entry.id,
            key: entry.key,
            outcome: 'STILL_PARKED',
            detail: failureMessage(error),
          });
          blocked = true;
        }
      }
    }
    return results;
  } finally {
    await sql.query('select pg_advisory_unlock(hashtext($1))', [lock]);
    await runner.release();
  }
}

/** Marks parked events as discarded: they will never be applied. */
export async function discardDeadLetters(dataSource: DataSource, ids: readonly string[]): Promise<void> {
  await markDeadLetters(
    { query: (text, params) => dataSource.query(text, params ? [...params] : undefined) },
    ids,
    'DISCARDED',
  );
}
