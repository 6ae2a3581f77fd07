/** An order whose status the simulator and the read models tell differently. */
export interface StatusDifference {
  readonly orderId: string;
  readonly simulator: string;
  /** Null when the read models don't have the order at all. */
  readonly readModels: string | null;
}

export interface StatusComparison {
  /** Orders per status, as the simulator last saw them on the write side. */
  readonly simulator: Record<string, number>;
  /** Orders per status in the read models, for the same orders. */
  readonly readModels: Record<string, number>;
  readonly differences: readonly StatusDifference[];
}

/** The read models call an order that is not decided yet PLACED; the write side calls it PENDING. */
const asWriteSide = (status: string) => (status === 'PLACED' ? 'PENDING' : status);

function tally(statuses: Iterable<string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
  return out;
}

/** Compares the final status of every order the simulator placed with what the read models say. */
export function compareStatuses(
  simulator: ReadonlyMap<string, string>,
  readModels: ReadonlyMap<string, string>,
): StatusComparison {
  const differences: StatusDifference[] = [];
  const projected: string[] = [];
  for (const [orderId, status] of simulator) {
    const seen = readModels.get(orderId);
    const normalised = seen === undefined ? null : asWriteSide(seen);
    if (normalised !== null) projected.push(normalised);
    if (normalised !== status) differences.push({ orderId, simulator: status, readModels: normalised });
  }
  return { simulator: tally(simulator.values()), readModels: tally(projected), differences };
}
