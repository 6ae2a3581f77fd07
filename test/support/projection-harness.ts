import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource, inTransaction, sqlLiteral } from '@shopstream/database';
import { ShopstreamEvent, TOPIC_OF_EVENT } from '@shopstream/events';
import {
  applyBatch,
  applyPipelined,
  ensureProjectionTables,
  Projection,
  quoteIdent,
} from '@shopstream/projections';
import { checksum } from './checksum';
import { platformConfig } from './platform';

/** PostgreSQL's unique_violation: the event-id insert meeting an id applied before. */
const UNIQUE_VIOLATION = '23505';

/**
 * Given-events / then-state tests for a projection against the real PostgreSQL, through the engine's own batch
 * paths (duplicate guard, checkpoint; a write-only projection's one-round-trip transaction), without Kafka. Each harness builds the projection's tables in a schema of
 * its own and drops it at close().
 */
export class ProjectionHarness {
  private offset = 0;

  private constructor(
    private readonly dataSource: DataSource,
    readonly projection: Projection,
    readonly schema: string,
  ) {}

  static async create(projection: Projection): Promise<ProjectionHarness> {
    const dataSource = createDataSource(platformConfig().database.url, { poolSize: 2 });
    await dataSource.initialize();
    const schema = `test_${projection.name}_${randomBytes(4).toString('hex')}`;
    await inTransaction(dataSource, (sql) => ensureProjectionTables(sql, projection, { schema }));
    return new ProjectionHarness(dataSource, projection, schema);
  }

  /** Applies the events as ONE batch, in order. Call it several times to split a history into batches. */
  async given(...events: readonly ShopstreamEvent[]): Promise<{ applied: number; duplicates: number }> {
    const from = this.offset;
    const batch = events.map((event, i) => ({
      event,
      topic: TOPIC_OF_EVENT[event.type],
      partition: 0,
      offset: String(from + i),
      key: null,
    }));
    const checkpoint = {
      projectionName: this.schema,
      projectionVersion: this.projection.version,
      advances: [
        { topic: 'test', partition: 0, fromOffset: String(from), nextOffset: String(from + events.length) },
      ],
    };
    const searchPath = `${quoteIdent(this.schema)}, public`;
    // As the runner does at the head of the log: a batch goes out in few round trips first, and only a surprise
    // (a duplicate event id) sends it the careful way. Any other failure fails the test: the runner would hide it
    // behind the careful path, and pay for it on every batch.
    const result =
      (await applyPipelined(
        this.dataSource,
        this.projection,
        batch,
        checkpoint,
        `select set_config('search_path', ${sqlLiteral(searchPath)}, true)`,
      ).catch((error: unknown) => {
        if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
        return null;
      })) ??
      (await inTransaction(this.dataSource, async (sql) => {
        await sql.query(`set local search_path to ${searchPath}`);
        return applyBatch(sql, this.projection, batch, checkpoint);
      }));
    // Only a committed batch moves the harness's position, as only a committed batch moves the checkpoint.
    this.offset = from + events.length;
    return result;
  }

  /** Runs a query with the projection's schema first on the search path (tables unqualified). */
  async rows<R = Record<string, unknown>>(sqlText: string, params: readonly unknown[] = []): Promise<R[]> {
    return inTransaction(this.dataSource, async (sql) => {
      await sql.query(`set local search_path to "${this.schema}", public`);
      return sql.query<R>(sqlText, params);
    });
  }

  /** Row count and md5 of a table's rows: equal checksums, equal tables. */
  checksum(table: string): Promise<string> {
    return checksum(this.dataSource, `${quoteIdent(this.schema)}.${quoteIdent(table)}`);
  }

  async close(): Promise<void> {
    await this.dataSource.query(`drop schema if exists "${this.schema}" cascade`);
    await this.dataSource.query('delete from projection_checkpoints where projection = $1', [this.schema]);
    await this.dataSource.destroy();
  }
}
