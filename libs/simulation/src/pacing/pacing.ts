/**
 * Sessions that should have started by `elapsedMs` at `ratePerSecond`, less those started: the schedule follows
 * the clock, so a slow tick is made up for at the next one instead of lowering the rate.
 */
export function sessionsDue(ratePerSecond: number, elapsedMs: number, started: number): number {
  return Math.max(0, Math.floor((ratePerSecond * elapsedMs) / 1_000) - started);
}

export interface PacingFigures {
  readonly requestedPerSecond: number;
  /** Orders sent (place-order requests started) per second of the run. */
  readonly sentPerSecond: number;
  /** The simulator's limit of requests in flight. */
  readonly concurrency: number;
  readonly requests: number;
  /** Requests that had to wait for a free slot. */
  readonly waitedForSlot: number;
  /** Mean time the shop took to answer a request. */
  readonly meanAnswerMs: number;
  /** The worst delay of the simulator's own timer: its process had no CPU to spare. */
  readonly worstTimerLagMs: number;
}

export interface PacingVerdict {
  readonly kept: boolean;
  /** Which side could not keep up, when the rate was not kept. */
  readonly saturated?: 'simulator' | 'shop';
  readonly why?: string;
}

/** A rate within this share of the requested one is kept (the last fraction of a second is never all sent). */
const KEPT_SHARE = 0.95;
/** The shop's answers are slow when a request takes longer than this. */
const SLOW_ANSWER_MS = 250;

/** Whether the requested rate was kept and, when not, which side was saturated and what to do about it. */
export function pacingVerdict(f: PacingFigures): PacingVerdict {
  if (f.sentPerSecond >= KEPT_SHARE * f.requestedPerSecond) return { kept: true };
  const rate = `${f.sentPerSecond.toFixed(1)} orders/s of ${f.requestedPerSecond} requested`;
  if (f.worstTimerLagMs > 500)
    return {
      kept: false,
      saturated: 'simulator',
      why: `${rate}: the simulator's own process was late by up to ${Math.round(f.worstTimerLagMs)} ms (no CPU to spare); run it on a less busy machine or lower --rate`,
    };
  const slotsFull = f.requests > 0 && f.waitedForSlot / f.requests > 0.05;
  const capacity = (f.concurrency * 1_000) / Math.max(f.meanAnswerMs, 1);
  if (slotsFull && f.meanAnswerMs > SLOW_ANSWER_MS)
    return {
      kept: false,
      saturated: 'shop',
      why: `${rate}: the commerce API took ${Math.round(f.meanAnswerMs)} ms per request on average, so ${f.concurrency} requests in flight carry about ${Math.round(capacity)} requests/s; the platform is saturated (see \`shopstream status\` and the apps' logs), lower --rate`,
    };
  if (slotsFull)
    return {
      kept: false,
      saturated: 'simulator',
      why: `${rate}: ${f.waitedForSlot} of ${f.requests} requests waited for one of the simulator's ${f.concurrency} request slots while the API answered in ${Math.round(f.meanAnswerMs)} ms; raise --concurrency`,
    };
  return {
    kept: false,
    saturated: 'shop',
    why: `${rate}: sessions waited on the API's answers (${Math.round(f.meanAnswerMs)} ms per request on average) before placing their orders`,
  };
}
