/**
 * U+0000 in a decoded event's strings. PostgreSQL stores it in neither text nor jsonb, so an event carrying one
 * (published before the API refused it) fails every write of it the same way, and parking it would park every later
 * event of its key behind it, and fail again on redrive. Such an event is applied with each NUL replaced by
 * U+FFFD, the character Unicode reserves for "something unrepresentable was here", so the row says so.
 */
export const NUL_REPLACEMENT = '\uFFFD';

const isWalkable = (value: unknown): value is object =>
  value !== null && typeof value === 'object' && !Buffer.isBuffer(value) && !(value instanceof Date);

/** True when any string in `value` (at any depth, keys included) holds a NUL. */
export function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (!isWalkable(value)) return false;
  if (Array.isArray(value)) return value.some(holdsNul);
  return Object.entries(value).some(([key, v]) => key.includes('\u0000') || holdsNul(v));
}

/**
 * A copy of `value` with every NUL in its strings replaced by U+FFFD; objects keep their prototype (the codec's
 * records), byte fields and dates are kept as they are. Events are as deep as their schemas, so recursion is safe.
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('\u0000', NUL_REPLACEMENT) as T;
  if (!isWalkable(value)) return value;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  const copy = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  for (const [key, v] of Object.entries(value)) copy[withoutNul(key)] = withoutNul(v);
  return copy as T;
}
