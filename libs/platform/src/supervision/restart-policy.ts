export interface RestartPolicy {
  /** Wait before the first restart; doubled for each crash still inside the window. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** This many crashes inside `windowMs` and the supervisor gives up. */
  readonly maxCrashes: number;
  readonly windowMs: number;
}

/** A crash loop of a few seconds is given up on quickly; a process that crashes once an hour is always restarted. */
export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxCrashes: 5,
  windowMs: 120_000,
};

export type RestartDecision =
  | { readonly action: 'restart'; readonly delayMs: number }
  | { readonly action: 'give-up'; readonly why: string };

/** What to do after a crash at `now`, given the times of the crashes before it (this one included). */
export function decideRestart(
  crashes: readonly number[],
  now: number,
  policy: RestartPolicy,
): RestartDecision {
  const recent = crashes.filter((at) => now - at < policy.windowMs).length;
  if (recent >= policy.maxCrashes)
    return {
      action: 'give-up',
      why: `${recent} crashes within ${Math.round(policy.windowMs / 1_000)}s`,
    };
  const delayMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, recent - 1));
  return { action: 'restart', delayMs };
}
