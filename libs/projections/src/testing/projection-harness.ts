import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource, inTransaction, sqlLiteral } from '@shopstream/database';
import { ShopstreamEvent } from '@shopstream/events';
import { ApplyResult, applyBatch } from '../apply/apply-batch';
import { applyPipelined } from '../apply/apply-pipelined';
import { deleteCheckpoints } from '../checkpoints/checkpoint-store';
import { Projection } from '../definition/projection';
import { RUN_MODE_SETTING, RunMode } from '../definition/run-mode';
import { ensureProjectionTables, quoteIdent } from '../storage/projection-tables';
import { givenEvents } from './given-events';

/** PostgreSQL's unique_violation: the event-id insert meeting an id applied before. */
const UNIQUE_VIOLATION = '23505';

/**
 * Given-events / then-rows tests of a projection against a real PostgreSQL, through the engine's own batch paths
 * (duplicate guard, checkpoint; the pipelined transaction first, as at the head of the log), without Kafka. Each
 * harness builds the projection's tables in a schema of its own and drops it at close().
 */
export class ProjectionHarness {
  private offset = 0;

  private constructor(
    private readonly dataSource: DataSource,
    readonly projection: Projection,
    readonly schema: string,
  ) {}

  static async create(
    projection: Projection,
    options: { readonly databaseUrl: string },
  ): Promise<ProjectionHarness> {
    const dataSource = createDataSource(options.databaseUrl, { poolSize: 2 });
    await dataSource.initialize();
    const schema = `test_${projection.name}_${randomBytes(4).toString('hex')}`;
    await inTransaction(dataSource, (sql) => ensureProjectionTables(sql, projection, { schema }));
    return new ProjectionHarness(dataSource, projection, schema);
  }

  /** Applies the events as ONE batch, in order. Call it several times to split a history into batches. */
  given(...events: readonly ShopstreamEvent[]): Promise<ApplyResult> {
    return this.givenIn(null, ...events);
  }

  /** As `given`, with the batch's run mode set as a rebuild or a replay sets it (null: unset, as `given`). */
  async givenIn(mode: RunMode | null, ...events: readonly ShopstreamEvent[]): Promise<ApplyResult> {
    const from = this.offset;
    const batch = givenEvents(events, { firstOffset: from });
    const checkpoint = {
      projectionName: this.schema,
      projectionVersion: this.projection.version,
      advances: [
        { topic: 'test', partition: 0, fromOffset: String(from), nextOffset: String(from + events.length) },
      ],
    };
    const searchPath = `${quoteIdent(this.schema)}, public`;
    // As the runner does at the head of the log: a batch goes out pipelined first, and only a surprise (a duplicate
    // event id) sends it statement by statement. Any other failure fails the test: the runner would hide it behind
    // the statement-by-statement path, and pay for it on every batch.
    const result =
      (await applyPipelined(
        this.dataSource,
        this.projection,
        batch,
        checkpoint,
        `select set_config('search_path', ${sqlLiteral(searchPath)}, true)` +
          (mode ? `, set_config(${sqlLiteral(RUN_MODE_SETTING)}, ${sqlLiteral(mode)}, true)` : ''),
      ).catch((error: unknown) => {
        if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
        return null;
      })) ??
      (await inTransaction(this.dataSource, async (sql) => {
        await sql.query(`set local search_path to ${searchPath}`);
        if (mode) await sql.query('select set_config($1, $2, true)', [RUN_MODE_SETTING, mode]);
        return applyBatch(sql, this.projection, batch, checkpoint);
      }));
    // Only a committed batch moves the harness's position, as only a committed batch moves the checkpoint.
    this.offset = from + events.length;
    return result;
  }

  /** Runs a query with the projection's schema first on the search path (tables unqualified). */
  rows<R = Record<string, unknown>>(sqlText: string, params: readonly unknown[] = []): Promise<R[]> {
    return inTransaction(this.dataSource, async (sql) => {
      await sql.query(`set local search_path to ${quoteIdent(this.schema)}, public`);
      return sql.query<R>(sqlText, params);
    });
  }

  /** Row count and md5 of a table's rows in a stable order: equal checksums, equal tables. */
  async checksum(table: string): Promise<string> {
    const [row] = await this.rows<{ n: number; sum: string }>(
      `select count(*)::int as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as sum
         from ${quoteIdent(this.schema)}.${quoteIdent(table)} x`,
    );
    return `${row!.n}:${row!.sum}`;
  }

  async close(): Promise<void> {
    await this.dataSource.query(`drop schema if exists ${quoteIdent(this.schema)} cascade`);
    await inTransaction(this.dataSource, (sql) => deleteCheckpoints(sql, [this.schema], 'all'));
    await this.dataSource.destroy();
  }
}
