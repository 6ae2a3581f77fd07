/**
 * Where a channel's data stands in the log: the epoch of the read model it was read from, and for every partition
 * of the channel's topic the next offset not yet reflected. Opaque to clients: they store it and hand it back as
 * `since`.
 *
 * Encoded `<epoch>:<o0>,<o1>,…` so a person can read it in a log line; the epoch is the projection version and the
 * time it became active, which a rebuild swap changes.
 */
export interface Position {
  readonly epoch: string;
  readonly offsets: readonly bigint[];
}

const TOKEN = /^([a-z0-9-]{1,64}):(\d{1,19}(?:,\d{1,19}){0,1023})$/;
const MAX_OFFSET = 2n ** 63n - 1n;

export function encodePosition(position: Position): string {
  return `${position.epoch}:${position.offsets.join(',')}`;
}

/** The position a token names, or null when it is not one this gateway could have written. */
export function decodePosition(token: string): Position | null {
  const match = TOKEN.exec(token);
  if (!match?.[1] || !match[2]) return null;
  const offsets = match[2].split(',').map((o) => BigInt(o));
  if (offsets.some((o) => o > MAX_OFFSET)) return null;
  return { epoch: match[1], offsets };
}

/** The next offset of `partition`, 0 when the position predates the partition (a topic grew partitions). */
export const offsetOf = (position: Position, partition: number): bigint => position.offsets[partition] ?? 0n;

/** `position` with `partition` moved to `next`. */
export function advance(position: Position, partition: number, next: bigint): Position {
  const offsets = [...position.offsets];
  while (offsets.length <= partition) offsets.push(0n);
  offsets[partition] = next;
  return { epoch: position.epoch, offsets };
}
