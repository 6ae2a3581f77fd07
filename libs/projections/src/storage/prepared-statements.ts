import { createHash } from 'node:crypto';
import { inlineParams, literalOf } from './inline-params';

/** The node-postgres client a TypeORM query runner holds: a text of several statements answers with every result. */
export interface RawClient {
  query(text: string): Promise<{ rows: unknown[] } | { rows: unknown[] }[]>;
}

/** Per connection: the name each (setting, text) is prepared under, or null when it cannot be prepared. */
const preparedOn = new WeakMap<RawClient, Map<string, string | null>>();

/**
 * A bound on what one connection keeps prepared: the read models' statements are a few dozen fixed texts, so a
 * text built anew per batch would otherwise pile up plans in the server.
 */
const MAX_PREPARED = 200;

/**
 * `text` with `params` as one parameterless statement that can share a simple-query round trip with others:
 * `EXECUTE` of the text prepared once on this connection, so PostgreSQL plans it once (a generic plan after a few
 * runs) instead of on every batch, which at the head of the log costs as much as running it; the text inlined
 * (inlineParams) once the connection holds MAX_PREPARED, or when the text cannot be prepared.
 *
 * A text is prepared per `setting` (the search_path it is read with): the same text in two schemas is two
 * statements, since a plan made for one would be made again at every switch, and fail outright ("cached plan must
 * not change result type") where the two schemas' columns differ, as two versions of a read model may. The first
 * use prepares it in a round trip of its own, after `setting`, inside the caller's transaction if one is open:
 * PREPARE is not undone by a rollback, so what succeeded stays known. One that fails (a parameter whose type
 * PostgreSQL cannot tell from its context) fails that transaction; the text is inlined from then on.
 */
export async function executable(
  client: RawClient,
  text: string,
  params: readonly unknown[],
  /** A parameterless statement that sets the search_path `text` is to be read with: it goes with the PREPARE. */
  setting: string,
): Promise<string> {
  if (params.length === 0) return text;
  let known = preparedOn.get(client);
  if (!known) preparedOn.set(client, (known = new Map()));
  const key = `${setting}\n${text}`;
  let name = known.get(key);
  if (name === undefined && known.size < MAX_PREPARED) {
    name = `shopstream_${createHash('sha1').update(key).digest('hex').slice(0, 24)}`;
    try {
      await client.query(`${setting};\nprepare ${name} as ${text}`);
    } catch (error) {
      known.set(key, null);
      throw error;
    }
    known.set(key, name);
  }
  return name ? `execute ${name}(${params.map(literalOf).join(', ')})` : inlineParams(text, params);
}

/** What PostgreSQL says when a prepared statement went stale (a table changed under it) or is gone. */
const STALE = new Set(['0A000', '26000']);

/**
 * After a failed transaction, and its rollback: when the failure was a stale or missing prepared statement, drops
 * the connection's prepared statements, here and in the server, so the next batch prepares afresh instead of
 * failing the same way on every one.
 */
export async function forgetIfStale(client: RawClient, error: unknown): Promise<void> {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !STALE.has(code)) return;
  preparedOn.delete(client);
  await client.query('deallocate all').catch(() => undefined);
}
