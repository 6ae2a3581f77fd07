import type { HeldEvent } from './held-events.store';

/**
 * Per-key order under non-blocking retries. An event runs only when no earlier event of its key (published before it
 * in the same partition) still waits in a retry stage; otherwise it is moved behind them. Comparing origin offsets,
 * not counting events per stage, keeps this true when a copy is sent twice or read again after a crash or a
 * rebalance: whichever instance reads an event, the waiting events' rows say what it must not overtake.
 *
 * Returns null when the event may run now, else the stage it must wait in: read from its own topic (`stage` -1) it
 * joins the earliest stage that holds one of the older events, so it lands behind it; read from a retry stage it
 * moves on to the next, or stays in the last.
 */
export function stageBehindOlderEvents(
  waiting: readonly HeldEvent[],
  self: { readonly partition: number; readonly offset: string },
  stage: number,
  lastStage: number,
): number | null {
  const offset = BigInt(self.offset);
  const older = waiting.filter((w) => w.partition === self.partition && BigInt(w.offset) < offset);
  if (older.length === 0) return null;
  if (stage < 0) return Math.min(...older.map((w) => w.stage));
  return Math.min(stage + 1, lastStage);
}
