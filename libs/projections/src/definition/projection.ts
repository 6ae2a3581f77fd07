import { SqlExecutor } from '@shopstream/database';
import { EventOfType, EventType, ShopstreamEvent } from '@shopstream/events';

/** A decoded event and where it sits in the log. */
export interface ProjectedEvent<E> {
  readonly event: E;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
}

export interface ProjectionTable {
  readonly name: string;
  /** `create table <name> (...)`, unqualified: the engine runs it inside the projection's own schema. */
  readonly ddl: string;
  /** `create index <name> on <table> (...)` statements; a rebuild creates them after its bulk load. */
  readonly indexes?: readonly string[];
}

/**
 * A read model that describes itself (after Emmett's and Marten's projection APIs): what it reads, the tables it
 * owns, and how it applies a batch. Its schema, consumer group and checkpoints derive from name + version, so a new
 * version builds beside the old one and takes over when it has caught up.
 */
export interface ProjectionSpec<T extends EventType> {
  /** snake_case; also the name of the view queries use: read_models.<table>. */
  readonly name: string;
  /** Bump when the tables or the meaning of apply change: the projection is then rebuilt from the log. */
  readonly version: number;
  readonly description: string;
  /** The events it reads; its topics follow from them. */
  readonly events: readonly T[];
  readonly tables: readonly ProjectionTable[];
  /**
   * 'log-derived' when everything apply writes can be built again from the log: a commit then returns without
   * waiting for its WAL flush, and a PostgreSQL crash loses at most the last fraction of a second of batches,
   * rows and checkpoint together, which the runner applies again from Kafka. 'durable' (the default) when others
   * act on a commit as soon as they see it, e.g. a relay publishing an outbox row the commit wrote.
   */
  readonly durability?: 'durable' | 'log-derived';
  /**
   * True when apply only writes: it never reads what a statement returns. At the head of the log the engine then
   * sends a batch's whole transaction (event-id check, apply, checkpoints, COMMIT) in one round trip, statements
   * that start with WITH included (without it, only an insert, update or delete without RETURNING waits for the
   * next round trip). Reading a result anyway throws ProjectionDefinitionError.
   */
  readonly writeOnly?: boolean;
  /**
   * True when applying an event it has applied before leaves the read model as it was, however late the copy comes
   * (rows keyed by the event id, or by the aggregate and guarded by its version). The engine then hands it every
   * event and skips its event-id check: a row written per event, the largest share of the engine's own work, saved.
   * test/integration/read-models/idempotent.test.ts holds every projection that says so to its word.
   */
  readonly idempotent?: boolean;
  /**
   * How long, in milliseconds, what arrives at the head of the log may wait for more to share its transaction.
   * For aggregates nobody reads to the second (sales per day, a funnel, top searches): a transaction a second
   * instead of one per fetch, each folding more events into the same rows, leaves the CPU and the database to the
   * read models front ends poll. The same trade as Flink's mini-batch `allow-latency` or Kafka Streams' commit
   * interval for aggregations. Unset or 0: applied as soon as fetched. Catching up is unaffected: a full
   * transaction's worth goes at once.
   */
  readonly batchWindowMs?: number;
  /**
   * Applies a batch with set-based SQL. The batch holds only events from `events`, in log order per partition
   * (often several partitions and topics at once), each event id at most once ever (the engine drops duplicates),
   * unless the projection is `idempotent`.
   * Throw ProjectionInvariantError for an event that must not be applied: the engine parks it in the dead-letter
   * table and applies the rest.
   */
  apply(batch: readonly ProjectedEvent<EventOfType<T>>[], sql: SqlExecutor): Promise<void>;
}

/** A projection as the engine sees it: any of its events, already narrowed by `events`. */
export interface Projection extends Omit<ProjectionSpec<EventType>, 'apply'> {
  apply(batch: readonly ProjectedEvent<ShopstreamEvent>[], sql: SqlExecutor): Promise<void>;
}

/**
 * Defines a projection with its event types checked against the generated union. The engine hands `apply` only
 * events whose type is in `events`, which is what makes the narrowing below sound.
 */
export function defineProjection<T extends EventType>(spec: ProjectionSpec<T>): Projection {
  const window = spec.batchWindowMs;
  if (window !== undefined && !(Number.isInteger(window) && window >= 0 && window <= 60_000))
    throw new Error(
      `projection ${spec.name}: batchWindowMs must be whole milliseconds from 0 to 60000, got ${String(window)}`,
    );
  return spec as unknown as Projection;
}

/** Where a projection version's tables live. */
export const projectionSchema = (name: string, version: number) => `projection_${name}_v${version}`;
/** Where queries read every projection's live tables, through views. */
export const READ_MODELS_SCHEMA = 'read_models';
/** The consumer group of a projection version. */
export const projectionGroup = (name: string, version: number) => `shopstream-projection-${name}-v${version}`;
