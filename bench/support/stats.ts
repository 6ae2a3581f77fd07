/** Value at quantile q (0..1) of an ascending array, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** Points of an empirical CDF, at most `points` of them, for plotting. */
export function cdf(values: readonly number[], points = 200): { value: number; fraction: number }[] {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const step = Math.max(1, Math.floor(sorted.length / points));
  const out: { value: number; fraction: number }[] = [];
  for (let i = 0; i < sorted.length; i += step)
    out.push({ value: sorted[i]!, fraction: (i + 1) / sorted.length });
  out.push({ value: sorted.at(-1)!, fraction: 1 });
  return out;
}

/** A measured rate: `units` done in `seconds`. */
export interface Rate {
  readonly units: number;
  readonly seconds: number;
  readonly perSecond: number;
}

export const rate = (units: number, seconds: number): Rate => ({
  units,
  seconds,
  perSecond: seconds > 0 ? units / seconds : 0,
});

/** Seconds since `startNs` (a process.hrtime.bigint() reading). */
export const secondsSince = (startNs: bigint): number => Number(process.hrtime.bigint() - startNs) / 1e9;

/** Measures how long `work` takes and turns its unit count into a rate. */
export async function timed(work: () => Promise<number>): Promise<Rate> {
  const started = process.hrtime.bigint();
  const units = await work();
  return rate(units, secondsSince(started));
}

/** One sample of progress over time, for the throughput plot. */
export interface ProgressSample {
  readonly series: string;
  readonly second: number;
  readonly perSecond: number;
}

/**
 * Polls a cumulative counter every `intervalMs` and records its rate per interval, until stopped. Samples are
 * labelled with `series`, so several phases share one plot. A counter that fails ends the sampling; stop() throws
 * its error.
 */
export function sampleProgress(
  series: string,
  counter: () => Promise<number>,
  out: ProgressSample[],
  intervalMs = 1_000,
): { stop(): Promise<void> } {
  const started = Date.now();
  let last = { at: started, value: 0 };
  let running = true;
  let failure: { error: unknown } | undefined;
  const loop = (async () => {
    last = { at: Date.now(), value: await counter() };
    while (running) {
      await new Promise((r) => setTimeout(r, intervalMs));
      const now = Date.now();
      const value = await counter();
      out.push({
        series,
        second: (now - started) / 1000,
        perSecond: ((value - last.value) * 1000) / Math.max(1, now - last.at),
      });
      last = { at: now, value };
    }
  })().catch((error: unknown) => {
    // Kept for stop(): thrown from here it would end the process before a failing run cleans up after itself.
    failure = { error };
  });
  return {
    async stop() {
      running = false;
      await loop;
      if (failure) throw failure.error;
    },
  };
}
