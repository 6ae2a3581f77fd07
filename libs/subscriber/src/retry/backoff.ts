/** In-place retries: how many tries in all before the event leaves for a retry topic, and how long between. */
export interface BackoffPolicy {
  readonly attempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly multiplier: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  attempts: 3,
  initialDelayMs: 100,
  maxDelayMs: 2_000,
  multiplier: 2,
};

/** The wait before try `attempt + 1`, after `attempt` (1-based) failed tries: exponential, capped. */
export function backoffDelay(policy: BackoffPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** Math.max(0, attempt - 1));
}

export type TryOutcome =
  { readonly ok: true } | { readonly ok: false; readonly error: unknown; readonly tries: number };

/**
 * Runs `work` until it succeeds, `policy.attempts` tries have failed, `isPermanent` says an error will not go
 * away, or `keepGoing` turns false (shutdown): the caller then forwards or leaves the event.
 */
export async function tryWithBackoff(
  work: () => Promise<void>,
  policy: BackoffPolicy,
  options: {
    readonly isPermanent?: (error: unknown) => boolean;
    readonly keepGoing?: () => boolean;
    readonly onRetry?: (error: unknown, tries: number) => void;
    readonly sleep?: (ms: number) => Promise<void>;
  } = {},
): Promise<TryOutcome> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let tries = 1; ; tries++) {
    try {
      await work();
      return { ok: true };
    } catch (error) {
      const last =
        tries >= policy.attempts || options.isPermanent?.(error) === true || options.keepGoing?.() === false;
      if (last) return { ok: false, error, tries };
      options.onRetry?.(error, tries);
      await sleep(backoffDelay(policy, tries));
    }
  }
}
