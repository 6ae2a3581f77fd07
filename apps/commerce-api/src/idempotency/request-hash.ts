import { createHash } from 'node:crypto';
import { ValidationFailedError } from '@shopstream/http';

/** Deeper than any request body the API defines; a body nested further is refused, never walked. */
export const MAX_BODY_DEPTH = 32;

type Frame =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'value'; readonly value: unknown; readonly depth: number };

/**
 * JSON with object keys sorted at every depth, so the same body in another key order or spacing hashes the same.
 * Walked with an explicit stack rather than recursion, so no body can exhaust the call stack; a body nested deeper
 * than `maxDepth` is a client error (ValidationFailedError), not something to hash.
 */
export function canonicalJson(value: unknown, maxDepth = MAX_BODY_DEPTH): string {
  let out = '';
  const stack: Frame[] = [{ kind: 'value', value, depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.kind === 'text') {
      out += frame.text;
      continue;
    }
    const { value: current, depth } = frame;
    if (current === null || typeof current !== 'object') {
      out += JSON.stringify(current) ?? 'null';
      continue;
    }
    if (depth >= maxDepth) throw tooDeep(maxDepth);
    // Pushed in reverse: the stack hands them back in writing order.
    const parts: Frame[] = [];
    if (Array.isArray(current)) {
      parts.push({ kind: 'text', text: '[' });
      current.forEach((item, i) => {
        if (i > 0) parts.push({ kind: 'text', text: ',' });
        parts.push({ kind: 'value', value: item, depth: depth + 1 });
      });
      parts.push({ kind: 'text', text: ']' });
    } else {
      const entries = Object.entries(current as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      parts.push({ kind: 'text', text: '{' });
      entries.forEach(([k, v], i) => {
        parts.push({ kind: 'text', text: `${i > 0 ? ',' : ''}${JSON.stringify(k)}:` });
        parts.push({ kind: 'value', value: v, depth: depth + 1 });
      });
      parts.push({ kind: 'text', text: '}' });
    }
    for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]!);
  }
  return out;
}

const tooDeep = (maxDepth: number) =>
  new ValidationFailedError([
    {
      field: '(body)',
      message: `must not nest arrays and objects more than ${maxDepth} levels deep`,
    },
  ]);

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
