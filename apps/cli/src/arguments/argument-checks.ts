/*
 * Checks of command-line values made before a command connects to anything: a typo is answered at once with what
 * to type, instead of a database error or a wait on the brokers.
 */

/** A dead letter's id as `shopstream dlq list` prints it. */
export function deadLetterIds(ids: readonly string[]): string[] {
  const bad = ids.filter((id) => !/^[1-9][0-9]{0,17}$/.test(id));
  if (bad.length > 0)
    throw new Error(
      `Dead-letter ids are whole numbers, as \`shopstream dlq list\` shows them; got ${bad.map((b) => JSON.stringify(b)).join(', ')}`,
    );
  return [...ids];
}

/** `--position <topic/partition@offset>`, as `shopstream dlt list` shows it. */
export function logPosition(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[^/\s]+\/(0|[1-9][0-9]{0,4})@(0|[1-9][0-9]{0,18})$/.test(value))
    throw new Error(
      `--position takes topic/partition@offset as \`shopstream dlt list\` shows it, such as orders/3@1204; got ${JSON.stringify(value)}`,
    );
  return value;
}

/** A whole number of milliseconds from 0 to a day. */
export function milliseconds(option: string, value: string): number {
  const ms = /^(0|[1-9][0-9]{0,7})$/.test(value) ? Number(value) : NaN;
  if (!(ms <= 86_400_000))
    throw new Error(`${option} takes whole milliseconds from 0 to 86400000; got ${JSON.stringify(value)}`);
  return ms;
}

/** A whole number of events, 0 included, in decimal digits (`Number(' ')` would be 0). */
export function eventCount(option: string, value: string): number {
  if (!/^(0|[1-9][0-9]{0,9})$/.test(value))
    throw new Error(`${option} must be a whole number of events; got ${JSON.stringify(value)}`);
  return Number(value);
}

/** An id that can name an order, a sku or a group: printable, no spaces, at most 200 characters. */
export function plainId(what: string, value: string): string {
  if (!/^[\x21-\x7e]{1,200}$/.test(value))
    throw new Error(
      `${what} must be 1 to 200 printable characters without spaces; got ${JSON.stringify(value)}`,
    );
  return value;
}
