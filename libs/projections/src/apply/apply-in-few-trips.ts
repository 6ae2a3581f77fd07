import { DataSource } from 'typeorm';
import { ProjectedEvent, Projection, SqlExecutor } from '../definition/projection';
import { ProjectionDefinitionError } from '../projections.errors';
import { inlineParams } from '../storage/inline-params';
import { appliedEventId, checkpointStatement, CheckpointSave, eventsReadBy } from './apply-batch';

/**
 * applyBatch's transaction for the usual case at the head of the log, in as few round trips as PostgreSQL allows:
 * no event id seen before, no checkpoint moved. BEGIN, the opening settings and the event-id insert go out together;
 * the checkpoints and COMMIT go out together; a write-only projection's statements go between them in the same
 * round trip, so its whole transaction is one. A duplicate id fails the insert (no ON CONFLICT here), a moved
 * checkpoint fails its statement: either way the transaction rolls back and the caller applies the same work with
 * applyBatch, which tells the cases apart and handles each.
 */
export async function applyInFewTrips(
  dataSource: DataSource,
  projection: Projection,
  events: readonly ProjectedEvent<unknown>[],
  checkpoint: CheckpointSave,
  /** Parameterless statements for the start of the transaction (lock, search_path, settings). */
  opening: string,
): Promise<{ applied: number; duplicates: number }> {
  const relevant = eventsReadBy(projection, events);
  const head = ['begin', opening];
  if (relevant.length > 0 && !projection.idempotent)
    head.push(
      inlineParams('insert into applied_events (event_id) select unnest($1::text[])', [
        relevant.map(appliedEventId),
      ]),
    );
  const tail = [inlineParams(...checkpointStatement(checkpoint, 'raise')), 'commit'];
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  let sent = false;
  try {
    if (projection.writeOnly) {
      const statements: string[] = [];
      if (relevant.length > 0)
        await projection.apply(relevant as never, deferring(projection.name, statements));
      sent = true;
      await runner.query([...head, ...statements, ...tail].join(';\n'));
    } else {
      sent = true;
      await runner.query(head.join(';\n'));
      if (relevant.length > 0)
        await projection.apply(relevant as never, {
          query: (text, params) => runner.query(text, params ? [...params] : undefined),
        });
      await runner.query(tail.join(';\n'));
    }
    return { applied: relevant.length, duplicates: 0 };
  } catch (error) {
    // Best effort, as in inTransaction: a broken connection takes its transaction with it.
    if (sent) await runner.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

/** Collects a write-only apply's statements, as SQL, to be sent later; reading what one returned is a bug. */
function deferring(projection: string, statements: string[]): SqlExecutor {
  const unread = new Proxy([], {
    get: (_, property) => {
      // `await` asks whether a value is a promise: it is not.
      if (property === 'then') return undefined;
      throw new ProjectionDefinitionError(
        projection,
        'declared writeOnly, but its apply read what a statement returned; remove writeOnly from its definition',
      );
    },
  });
  return {
    query: <R>(text: string, params?: readonly unknown[]) => {
      statements.push(inlineParams(text, params));
      return Promise.resolve(unread as R[]);
    },
  };
}
