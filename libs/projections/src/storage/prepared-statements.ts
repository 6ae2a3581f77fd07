import { createHash } from 'node:crypto';
import { inlineParams, literalOf } from './inline-params';

/** The node-postgres client a TypeORM query runner holds: a text of several statements answers with every result. */
export interface RawClient {
  query(text: string): Promise<{ rows: unknown[] } | { rows: unknown[] }[]>;
}

/** Per connection: the name each statement text is prepared under, or null when it cannot be prepared. */
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
 * The first use on a connection prepares it in a round trip of its own, after `setting` (names are resolved when a
 * statement is prepared; PostgreSQL reads it again when a later run has another search_path), inside the caller's
 * transaction if one is open: PREPARE is not undone by a rollback, so what succeeded stays known. One that fails
 * (a parameter whose type PostgreSQL cannot tell from its context) fails that transaction; the text is inlined from
 * then on.
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
  let name = known.get(text);
  if (name === undefined && known.size < MAX_PREPARED) {
    name = `shopstream_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    try {
      await client.query(`${setting};\nprepare ${name} as ${text}`);
    } catch (error) {
      known.set(text, null);
      throw error;
    }
    known.set(text, name);
  }
  return name ? `execute ${name}(${params.map(literalOf).join(', ')})` : inlineParams(text, params);
}
