import { DataSource } from 'typeorm';
import { inTransaction, pooledSql } from '@shopstream/database';
import { applyBatch, ApplyResult } from '../apply/apply-batch';
import { applyPipelined } from '../apply/apply-pipelined';
import { readCheckpoint } from '../checkpoints/checkpoint-store';
import { openKeys, park, partitionHasParkedNow } from '../dead-letters/dead-letter-store';
import { Projection } from '../definition/projection';
import { RunMode } from '../definition/run-mode';
import { ProjectionDefinitionError } from '../definition/projection.errors';
import { analyzeProjectionTables, ensureProjectionTables } from '../storage/projection-tables';
import { ChunkTransaction, LaneTransactions, TransactionWork } from './chunk-applier';
import { transactionSetup } from './transaction-setup';

/**
 * The statistics target of a lane's own ANALYZE, a tenth of PostgreSQL's default: the lane analyzes only so that
 * the planner knows a table's size and picks its indexes (see StatisticsSchedule), which a small sample tells it
 * at a fraction of the cost of the full one, in the middle of the lane's writes. Autovacuum, where it runs, keeps
 * detailed statistics.
 */
const ANALYZE_SAMPLE_TARGET = 10;

export interface LaneInstance {
  /** Name under which checkpoints and dead letters are kept. */
  readonly name: string;
  readonly schema: string;
}

/** A lane's transactions on PostgreSQL: its projection's tables, checkpoints and dead letters. */
export class PostgresLaneTransactions implements LaneTransactions {
  private readonly setup: string;
  /** Off once the projection read what a deferred write returned: it is applied statement by statement from then. */
  private pipelining = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly projection: Projection,
    private readonly instance: LaneInstance,
    mode: RunMode,
    /** Told once, when the projection turns out not to allow pipelining. */
    private readonly pipeliningOff: (error: ProjectionDefinitionError) => void,
  ) {
    this.setup = transactionSetup({ instance: instance.name, schema: instance.schema, projection, mode });
  }

  private get owner() {
    return { name: this.instance.name, version: this.projection.version };
  }

  async applyPipelined(work: TransactionWork): Promise<ApplyResult | null> {
    if (!this.pipelining) return null;
    try {
      return await applyPipelined(
        this.dataSource,
        this.projection,
        work.events,
        this.checkpointSave(work),
        this.setup,
      );
    } catch (error) {
      if (error instanceof ProjectionDefinitionError) {
        this.pipelining = false;
        this.pipeliningOff(error);
      }
      return null;
    }
  }

  transaction<T>(work: (tx: ChunkTransaction) => Promise<T>): Promise<T> {
    const { projection } = this;
    const { name } = this.instance;
    return inTransaction(
      this.dataSource,
      (sql) =>
        work({
          partitionHasParked: (topic, partition) =>
            partitionHasParkedNow(sql, name, projection.version, topic, partition),
          parkedKeys: (topic, keys) => openKeys(sql, name, projection.version, topic, keys),
          apply: (applied) => applyBatch(sql, projection, applied.events, this.checkpointSave(applied)),
          park: (records) => park(sql, name, projection.version, records),
        }),
      this.setup,
    );
  }

  /** Applies queued work: pipelined when it can, else in one ordinary transaction. */
  async applyQueued(work: TransactionWork): Promise<ApplyResult> {
    return (await this.applyPipelined(work)) ?? (await this.transaction((tx) => tx.apply(work)));
  }

  readCheckpoint(topic: string, partition: number): Promise<bigint> {
    return readCheckpoint(pooledSql(this.dataSource), this.owner, topic, partition);
  }

  async ensureTables(withIndexes: boolean): Promise<void> {
    await inTransaction(this.dataSource, (sql) =>
      ensureProjectionTables(sql, this.projection, { schema: this.instance.schema, withIndexes }),
    );
  }

  analyze(): Promise<void> {
    return inTransaction(this.dataSource, (sql) =>
      analyzeProjectionTables(sql, this.projection, this.instance.schema, ANALYZE_SAMPLE_TARGET),
    );
  }

  private checkpointSave(work: TransactionWork) {
    return {
      projectionName: this.instance.name,
      projectionVersion: this.projection.version,
      advances: work.advances,
    };
  }
}
