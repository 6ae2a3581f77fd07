/** A page cursor could not be read: it was altered, or comes from another listing. */
export class InvalidCursorError extends Error {
  readonly code = 'CURSOR_INVALID';
  constructor() {
    super('not a cursor of this listing: pass the nextCursor of the previous page unchanged, or omit it');
    this.name = 'InvalidCursorError';
  }
}

/**
 * Keyset cursors: the sort key of the last row of a page, so the next page starts strictly after it. Rows inserted
 * meanwhile never shift a page the way an offset would: a row lands before or after the cursor, never twice.
 * `listing` is folded in so a cursor of one listing is refused by another.
 */
export function encodeCursor(listing: string, key: readonly string[]): string {
  return Buffer.from(JSON.stringify([listing, ...key]), 'utf8').toString('base64url');
}

export function decodeCursor(listing: string, cursor: string, keyLength: number): string[] {
  if (!/^[A-Za-z0-9_-]{1,1024}$/.test(cursor)) throw new InvalidCursorError();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    if (error instanceof SyntaxError) throw new InvalidCursorError();
    throw error;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== keyLength + 1 ||
    parsed[0] !== listing ||
    !parsed.every((part) => typeof part === 'string')
  )
    throw new InvalidCursorError();
  return (parsed as string[]).slice(1);
}

/** A page of a listing; `nextCursor` is null on the last page. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** Cuts the one extra row a store fetched (limit + 1) to know whether another page follows. */
export function toPage<R, T>(
  rows: readonly R[],
  limit: number,
  listing: string,
  keyOf: (row: R) => readonly string[],
  map: (row: R) => T,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(map),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(listing, keyOf(last)) : null,
  };
}
