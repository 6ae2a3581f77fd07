/** Where a committed statement moved one slot of a projection's active version. */
export interface AppliedSlot {
  readonly topic: string;
  readonly partition: number;
  /** The next offset the projection will apply there: everything before it is committed. */
  readonly nextOffset: bigint;
}

/** What the active version of a projection had applied when the statement that moved it committed. */
export interface AppliedPositions {
  readonly version: number;
  /** When the version became active (ms since the epoch); null while the projection has no versions row. */
  readonly activatedMs: number | null;
  readonly slots: readonly AppliedSlot[];
}

/**
 * One notification on PROJECTION_APPLIED_CHANNEL: the projection a commit moved and, when the payload carries them
 * (migration 15000), the positions its active version reached. Without them (a shadow version's move, a payload too
 * long for NOTIFY, a database before that migration) listeners read the checkpoints.
 */
export interface AppliedNotification {
  readonly projection: string;
  readonly positions: AppliedPositions | null;
}

/** Reads a notification's payload; anything but the JSON form is a projection's name, as it always was. */
export function parseAppliedNotification(payload: string): AppliedNotification {
  if (!payload.startsWith('{')) return { projection: payload, positions: null };
  try {
    const body = JSON.parse(payload) as {
      projection?: unknown;
      version?: unknown;
      activatedMs?: unknown;
      slots?: unknown;
    };
    if (typeof body.projection !== 'string') return { projection: payload, positions: null };
    const positions = positionsOf(body);
    return { projection: body.projection, positions };
  } catch {
    return { projection: payload, positions: null };
  }
}

function positionsOf(body: {
  version?: unknown;
  activatedMs?: unknown;
  slots?: unknown;
}): AppliedPositions | null {
  if (typeof body.version !== 'number' || !Array.isArray(body.slots)) return null;
  const activatedMs = typeof body.activatedMs === 'number' ? body.activatedMs : null;
  const slots: AppliedSlot[] = [];
  for (const slot of body.slots as unknown[]) {
    if (!Array.isArray(slot) || slot.length !== 3) return null;
    const [topic, partition, nextOffset] = slot as unknown[];
    if (typeof topic !== 'string' || typeof partition !== 'number' || typeof nextOffset !== 'string')
      return null;
    if (!/^\d+$/.test(nextOffset)) return null;
    slots.push({ topic, partition, nextOffset: BigInt(nextOffset) });
  }
  return { version: body.version, activatedMs, slots };
}
