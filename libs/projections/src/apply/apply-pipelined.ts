import { SqlExecutor } from '@shopstream/database';
import { DataSource } from 'typeorm';
import { ProjectedEvent, Projection } from '../definition/projection';
import { ProjectionDefinitionError } from '../definition/projection.errors';
import { executable, forgetIfStale, RawClient } from '../storage/prepared-statements';
import { checkpointStatement, CheckpointSave } from '../checkpoints/checkpoint-store';
import { appliedEventId, ApplyResult, eventsReadBy } from './apply-batch';

/**
 * applyBatch's transaction for the usual case at the head of the log, in as few round trips as PostgreSQL allows:
 * no event id seen before, no checkpoint moved. Nothing goes out until an answer is needed: BEGIN, the setup
 * statements and the event-id insert wait for the projection's first read and go with it; writes nobody reads (an
 * insert, update or delete without RETURNING, or anything of a `writeOnly` projection) wait for the next read or for
 * the checkpoints and COMMIT. A write-only projection's transaction is one round trip; one that reads its state
 * first, then writes, is two. Each statement goes as EXECUTE of its text prepared on the connection (planned once,
 * not per batch; storage/prepared-statements.ts). A duplicate id fails the insert (no ON CONFLICT here), a moved
 * checkpoint fails its statement: either way the transaction rolls back and the caller applies the same work with
 * applyBatch, which tells the cases apart and handles each.
 */
export async function applyPipelined(
  dataSource: DataSource,
  projection: Projection,
  events: readonly ProjectedEvent<unknown>[],
  checkpoint: CheckpointSave,
  /** Parameterless statements for the start of the transaction (lock, search_path, settings). */
  setup: string,
): Promise<ApplyResult> {
  const relevant = eventsReadBy(projection, events);
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as RawClient;
  const waiting = ['begin', setup];
  let sent = false;
  /** Everything waiting, then `last`, in one round trip; the rows of the last statement. */
  const send = async (...last: string[]): Promise<unknown[]> => {
    const text = [...waiting.splice(0), ...last].join(';\n');
    sent = true;
    const results = await client.query(text);
    return Array.isArray(results) ? (results.at(-1)?.rows ?? []) : results.rows;
  };
  try {
    if (relevant.length > 0 && !projection.idempotent)
      waiting.push(
        await executable(
          client,
          'insert into applied_events (event_id) select unnest($1::text[])',
          [relevant.map(appliedEventId)],
          setup,
        ),
      );
    if (relevant.length > 0)
      await projection.apply(
        relevant as never,
        deferringWrites(projection, { client, setup }, waiting, send),
      );
    await send(await executable(client, ...checkpointStatement(checkpoint, 'raise'), setup), 'commit');
    return { applied: relevant.length, duplicates: 0 };
  } catch (error) {
    // Best effort, as in inTransaction: a broken connection takes its transaction with it.
    if (sent) await client.query('rollback').catch(() => undefined);
    await forgetIfStale(client, error);
    throw error;
  } finally {
    await runner.release();
  }
}

/** An insert, update or delete that returns no rows: nothing to wait a round trip for. */
const blindWrite = (text: string) =>
  /^\s*(insert|update|delete)\b/i.test(text) && !/\breturning\b/i.test(text);

/**
 * Sends a read at once, with the writes waiting before it; keeps a write waiting and answers it with a result that
 * throws when read (TypeORM would have returned an update's row count: a projection that wants it must not be
 * applied this way, and the caller applies it statement by statement from then on).
 */
function deferringWrites(
  projection: Projection,
  connection: { client: RawClient; setup: string },
  waiting: string[],
  send: (statement: string) => Promise<unknown[]>,
): SqlExecutor {
  const unread = new Proxy([], {
    get: (_, property) => {
      // `await` asks whether a value is a promise: it is not.
      if (property === 'then') return undefined;
      throw new ProjectionDefinitionError(
        projection.name,
        projection.writeOnly
          ? 'declared writeOnly, but its apply read what a statement returned; remove writeOnly from its definition'
          : 'its apply read what an insert, update or delete without RETURNING returned; add RETURNING to what it reads',
      );
    },
  });
  return {
    query: async <R>(text: string, params?: readonly unknown[]) => {
      const statement = await executable(connection.client, text, params ?? [], connection.setup);
      if (!projection.writeOnly && !blindWrite(text)) return (await send(statement)) as R[];
      waiting.push(statement);
      return unread as R[];
    },
  };
}
