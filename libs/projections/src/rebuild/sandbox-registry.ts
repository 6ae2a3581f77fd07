import { SqlExecutor } from '@shopstream/database';
import { DataSource, QueryRunner } from 'typeorm';
import { deleteCheckpoints } from '../checkpoints/checkpoint-store';
import { deleteDeadLetters } from '../dead-letters/dead-letter-store';
import { quoteIdent } from '../storage/projection-tables';

export { quoteIdent };

/** What a schema built by a rebuild, verify or replay holds, kept as the schema's comment. */
export interface SandboxInfo {
  readonly shopstream: 'sandbox';
  readonly kind: 'rebuild' | 'verify' | 'replay';
  readonly projection: string;
  readonly version: number;
  /** Name its runner keeps checkpoints and dead letters under. */
  readonly instance: string;
  readonly status: 'running' | 'complete';
  readonly startedAt: string;
  readonly from?: string;
  readonly until?: string;
}

export interface Sandbox extends SandboxInfo {
  readonly schema: string;
}

/*
 * The schema comment is the registry: it lives and dies with the schema, so a crashed run can never leave a
 * registry row without its schema or the other way round.
 */
export async function describeSandbox(sql: SqlExecutor, schema: string, info: SandboxInfo): Promise<void> {
  await sql.query(`comment on schema ${quoteIdent(schema)} is '${JSON.stringify(info).replace(/'/g, "''")}'`);
}

export async function listSandboxes(sql: SqlExecutor): Promise<Sandbox[]> {
  const rows = await sql.query<{ schema: string; info: string }>(
    `select nspname as schema, obj_description(oid, 'pg_namespace') as info from pg_namespace
     where obj_description(oid, 'pg_namespace') like '{"shopstream":"sandbox"%' order by nspname`,
  );
  return rows.map((r) => ({ ...(JSON.parse(r.info) as SandboxInfo), schema: r.schema }));
}

/** Drops a sandbox schema and the checkpoints and dead letters its runner kept. */
export async function dropSandbox(sql: SqlExecutor, sandbox: Sandbox): Promise<void> {
  await sql.query(`drop schema if exists ${quoteIdent(sandbox.schema)} cascade`);
  await deleteCheckpoints(sql, [sandbox.instance], 'all');
  await deleteDeadLetters(sql, sandbox.instance);
}

const runLockKey = (schema: string) => `shopstream-run:${schema}`;

/**
 * A PostgreSQL session lock held for as long as a run lives. A process killed with SIGKILL loses its connection
 * and with it the lock, which is how a later run tells an abandoned sandbox from one still being built.
 */
export class RunLock {
  private constructor(private readonly runner: QueryRunner) {}

  /** Takes every key or none; null when one is held by another live session. */
  static async tryTake(dataSource: DataSource, keys: readonly string[]): Promise<RunLock | null> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    const taken: string[] = [];
    for (const key of keys) {
      const [row] = (await runner.query('select pg_try_advisory_lock(hashtext($1)) as ok', [key])) as {
        ok: boolean;
      }[];
      if (!row?.ok) {
        for (const k of taken) await runner.query('select pg_advisory_unlock(hashtext($1))', [k]);
        await runner.release();
        return null;
      }
      taken.push(key);
    }
    return new RunLock(runner);
  }

  static forSchema = runLockKey;

  async release(): Promise<void> {
    await this.runner.query('select pg_advisory_unlock_all()');
    await this.runner.release();
  }
}

/** Drops sandboxes of `kinds` whose run died (no session holds their run lock); returns their names. */
export async function dropAbandonedSandboxes(
  dataSource: DataSource,
  sql: SqlExecutor,
  filter: (sandbox: Sandbox) => boolean,
): Promise<string[]> {
  const dropped: string[] = [];
  for (const sandbox of (await listSandboxes(sql)).filter(filter)) {
    if (sandbox.status !== 'running') continue;
    const lock = await RunLock.tryTake(dataSource, [runLockKey(sandbox.schema)]);
    if (!lock) continue;
    try {
      await dropSandbox(sql, sandbox);
      dropped.push(sandbox.schema);
    } finally {
      await lock.release();
    }
  }
  return dropped;
}
