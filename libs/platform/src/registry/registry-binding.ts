import { Client } from 'pg';
import { PlatformError } from '../platform.errors';
import { changedSchemaIds, RecordedSchemaIds, SchemaIdEntry, withNewSchemaIds } from './schema-id-drift';

const KEY = 'registry_schema_ids';

export type RegistryBinding = 'bound' | 'same' | 'rebound';

async function recordedIds(client: Client): Promise<RecordedSchemaIds | null> {
  const { rows } = await client.query<{ value: string }>(`select value from platform_state where key = $1`, [
    KEY,
  ]);
  return rows[0] ? (JSON.parse(rows[0].value) as RecordedSchemaIds) : null;
}

/** The platform's record of which id each schema version had when events were written with it. */
export async function loadRecordedSchemaIds(databaseUrl: string): Promise<RecordedSchemaIds | null> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await recordedIds(client);
  } finally {
    await client.end();
  }
}

/**
 * Ties the log to the schema ids its events were written with. Every event names its schema by the registry's id,
 * so a registry that comes back with other ids (restarted on empty storage, or another registry) would have every
 * consumer decode the log with the wrong schemas or none. Against an empty log the new ids are simply taken;
 * against a log that holds events, `up` stops and says so.
 */
export async function bindToRegistry(
  databaseUrl: string,
  registryUrl: string,
  current: readonly SchemaIdEntry[],
  logIsEmpty: () => Promise<boolean>,
): Promise<RegistryBinding> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const recorded = await recordedIds(client);
    const changed = recorded ? changedSchemaIds(recorded, current) : [];
    if (changed.length > 0 && !(await logIsEmpty())) throw registrySchemaIdsChanged(registryUrl, changed);
    const next =
      changed.length > 0 || !recorded ? withNewSchemaIds({}, current) : withNewSchemaIds(recorded, current);
    await client.query(
      `insert into platform_state (key, value) values ($1, $2)
       on conflict (key) do update set value = excluded.value, updated_at = now()`,
      [KEY, JSON.stringify(next)],
    );
    return !recorded ? 'bound' : changed.length > 0 ? 'rebound' : 'same';
  } finally {
    await client.end();
  }
}

export function registrySchemaIdsChanged(registryUrl: string, changed: readonly string[]): PlatformError {
  return new PlatformError(
    'REGISTRY_SCHEMA_IDS_CHANGED',
    `The schema registry at ${registryUrl} numbers ${changed.length} schema version(s) differently from when the events in Kafka were written: it lost its storage, or it is another registry. Consumers would decode those events with the wrong schema, or not at all.`,
    "Restore the registry's database (SHOPSTREAM_REGISTRY_DATABASE) or point the platform at the registry the events were written with; to start over instead, run `npx shopstream reset`.",
    changed.slice(0, 10).map((c) => `  ${c}`),
  );
}

/**
 * For `status`: the recorded schema versions the registry no longer numbers as recorded (asked read-only, version
 * by version), or an empty list when all match or nothing was recorded yet.
 */
export async function driftedSchemaIds(databaseUrl: string, registryUrl: string): Promise<string[]> {
  const recorded = await loadRecordedSchemaIds(databaseUrl);
  if (!recorded) return [];
  const current: SchemaIdEntry[] = [];
  const missing: string[] = [];
  for (const key of Object.keys(recorded)) {
    const at = key.lastIndexOf('@');
    const subject = key.slice(0, at);
    const version = Number(key.slice(at + 1));
    const response = await fetch(
      `${registryUrl}/subjects/${encodeURIComponent(subject)}/versions/${version}`,
      { signal: AbortSignal.timeout(3_000) },
    );
    if (response.status === 404) missing.push(`${key}: ${recorded[key]} -> none`);
    else if (response.ok)
      current.push({ subject, version, id: ((await response.json()) as { id: number }).id });
    else throw new Error(`the registry answered ${response.status} for ${key}`);
  }
  return [...missing, ...changedSchemaIds(recorded, current)];
}
