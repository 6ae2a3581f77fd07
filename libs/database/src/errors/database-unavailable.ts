// SQLSTATE classes and codes that mean the server went away or refuses connections, not that the query was wrong.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'DATABASE_SESSION_LOST',
]);
const CONNECTION_LOST =
  /connection terminated|connection ended|client has encountered a connection error|is not queryable|database system is (shutting down|starting up)/i;
// TypeORM lets go of a transaction's connection when pg reports it broken; the transaction's next statement then
// meets this error instead of the broken connection's.
const RELEASED_RUNNER = 'QueryRunnerAlreadyReleasedError';

/**
 * Whether a failure means PostgreSQL could not be reached (a restart, a terminated backend, too many connections),
 * looking through TypeORM's and pg's wrappers. Such a request is answered 503: retried with the same key it is
 * performed once, or answered from the stored result if its transaction did commit.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const e = queue.shift();
    if (!(e instanceof Error) || seen.has(e)) continue;
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code))) return true;
    if (typeof code === 'string' && UNAVAILABLE_SOCKET_CODES.has(code)) return true;
    if (CONNECTION_LOST.test(e.message) || e.name === RELEASED_RUNNER) return true;
    queue.push((e as { driverError?: unknown }).driverError, (e as { cause?: unknown }).cause);
  }
  return false;
}
