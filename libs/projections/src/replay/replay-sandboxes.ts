import { pooledSql } from '@shopstream/database';
import { DataSource } from 'typeorm';
import { READ_MODELS_SCHEMA } from '../definition/projection';
import { SandboxSchemaError } from '../rebuild/rebuild.errors';
import { dropSandbox, listSandboxes, RunLock, Sandbox } from '../rebuild/sandbox-registry';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const RESERVED = /^(public|pg_.*|information_schema|projection_.*|rebuild_.*|verify_.*)$/;

/** Rejects a --into name that is not a plain identifier or that could be mistaken for live or engine state. */
export function checkSandboxName(schema: string): void {
  if (!IDENTIFIER.test(schema))
    throw new SandboxSchemaError(schema, 'use lower-case letters, digits and _, at most 63 characters');
  if (RESERVED.test(schema) || schema === READ_MODELS_SCHEMA || schema.endsWith(`_${READ_MODELS_SCHEMA}`))
    throw new SandboxSchemaError(
      schema,
      'that name is reserved for live or engine schemas; pick another --into',
    );
}

export async function listReplays(dataSource: DataSource): Promise<Sandbox[]> {
  return (await listSandboxes(pooledSql(dataSource))).filter((s) => s.kind === 'replay');
}

/** Drops a replay sandbox; refuses any schema that is not one, so a typo cannot drop live tables. */
export async function dropReplay(dataSource: DataSource, schema: string): Promise<Sandbox> {
  const sandbox = (await listReplays(dataSource)).find((s) => s.schema === schema);
  if (!sandbox)
    throw new SandboxSchemaError(
      schema,
      'is not a replay sandbox; `shopstream replay --list` shows the ones there are',
    );
  const lock = await RunLock.tryTake(dataSource, [RunLock.forSchema(schema)]);
  if (!lock)
    throw new SandboxSchemaError(schema, 'a replay into it is still running; wait for it or stop it first');
  try {
    await dropSandbox(pooledSql(dataSource), sandbox);
  } finally {
    await lock.release();
  }
  return sandbox;
}
