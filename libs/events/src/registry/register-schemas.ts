import { EventSchemaVersion } from '../schemas/schema-tree';
import { SchemaRegistryClient } from '../codec/schema-registry-client';

export interface RegisteredSchema {
  readonly subject: string;
  readonly version: number;
  readonly id: number;
}

/**
 * Registers every version of every event, oldest first within a subject so the registry's version order matches
 * ours and its BACKWARD_TRANSITIVE rule checks each new version against all before it. Idempotent: a schema the
 * registry already holds comes back with its existing id.
 */
export async function registerSchemas(
  client: SchemaRegistryClient,
  schemas: readonly EventSchemaVersion[],
): Promise<RegisteredSchema[]> {
  const ordered = [...schemas].sort((a, b) => a.subject.localeCompare(b.subject) || a.version - b.version);
  const bySubject = new Map<string, EventSchemaVersion[]>();
  for (const s of ordered) bySubject.set(s.subject, [...(bySubject.get(s.subject) ?? []), s]);
  // Subjects are independent: register them concurrently, each one's versions in order.
  const results = await Promise.all(
    [...bySubject.values()].map(async (versions) => {
      const out: RegisteredSchema[] = [];
      for (const v of versions)
        out.push({ subject: v.subject, version: v.version, id: await client.register(v.subject, v.schema) });
      return out;
    }),
  );
  return results.flat();
}
