/** Where one event a command produced sits in the log. */
export interface LogPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
}

/** Why a consistency token could not be read; `message` says what a valid one looks like. */
export class InvalidConsistencyTokenError extends Error {
  readonly code = 'CONSISTENCY_TOKEN_INVALID';
  constructor(reason: string) {
    super(
      `${reason}: pass the consistencyToken.position of a command's answer unchanged ` +
        '(or the older <topic>:<partition>:<offset> form)',
    );
    this.name = 'InvalidConsistencyTokenError';
  }
}

const VERSION = 'p1.';
const MAX_PARTITION = 2_147_483_647;
const MAX_OFFSET = 9_223_372_036_854_775_807n;
const MAX_POSITIONS = 64;
const ENTRY = /^([A-Za-z0-9._-]{1,249}):(\d{1,10}):(\d{1,19})$/;
const LEGACY = /^(?:([a-z.]+):)?(\d{1,10}):(\d{1,19})$/;

/**
 * The token a command answer carries: every event it produced, on any topic, as one opaque URL-safe string. Opaque
 * so its form can change behind the version prefix without breaking clients that only pass it back.
 */
export function encodeConsistencyToken(positions: readonly LogPosition[]): string {
  const latest = new Map<string, LogPosition>();
  for (const p of positions) {
    const key = `${p.topic}:${p.partition}`;
    const seen = latest.get(key);
    if (!seen || seen.offset < p.offset) latest.set(key, p);
  }
  const text = [...latest.values()].map((p) => `${p.topic}:${p.partition}:${p.offset}`).join(',');
  return VERSION + Buffer.from(text, 'utf8').toString('base64url');
}

/**
 * Reads a token: the opaque form, or the older `<topic>:<partition>:<offset>` (or `<partition>:<offset>` of the
 * orders topic, `defaultTopic`) that clients of the first read endpoint send.
 */
export function decodeConsistencyToken(token: string, defaultTopic: string): readonly LogPosition[] {
  if (token.startsWith(VERSION)) {
    const body = token.slice(VERSION.length);
    if (!/^[A-Za-z0-9_-]+$/.test(body)) throw new InvalidConsistencyTokenError('not a consistency token');
    const entries = Buffer.from(body, 'base64url').toString('utf8').split(',');
    if (entries.length > MAX_POSITIONS)
      throw new InvalidConsistencyTokenError(`more than ${MAX_POSITIONS} positions`);
    return entries.map((entry) => {
      const match = ENTRY.exec(entry);
      if (!match) throw new InvalidConsistencyTokenError('not a consistency token');
      return position(match[1]!, match[2]!, match[3]!);
    });
  }
  const match = LEGACY.exec(token);
  if (!match) throw new InvalidConsistencyTokenError('not a consistency token');
  return [position(match[1] ?? defaultTopic, match[2]!, match[3]!)];
}

function position(topic: string, partition: string, offset: string): LogPosition {
  const p = Number(partition);
  if (p > MAX_PARTITION) throw new InvalidConsistencyTokenError(`partition must be at most ${MAX_PARTITION}`);
  const o = BigInt(offset);
  if (o > MAX_OFFSET) throw new InvalidConsistencyTokenError(`offset must be at most ${MAX_OFFSET}`);
  return { topic, partition: p, offset: o };
}
