import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth, so the same body in another key order or spacing hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What identifies a request for idempotency: a retry with the same key must be the same method, path and body.
 * A raw body (the signed payment webhook) is hashed as its bytes: a provider's retry resends the same bytes.
 */
export function requestHash(method: string, path: string, body: unknown): string {
  const hash = createHash('sha256').update(`${method.toUpperCase()} ${path}\n`);
  if (Buffer.isBuffer(body)) hash.update(body);
  else hash.update(canonicalJson(body ?? null));
  return hash.digest('hex');
}
