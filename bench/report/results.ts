import type { SustainedResult } from '../platform/sustained.bench';
import type { ApiResult } from '../platform/api.bench';
import type { PeerResult } from '../peer/connect-peer';
import type { RebuildFigures } from '../platform/rebuild.bench';
import type { MachineInfo } from '../support/machine';
import type { Percentiles, ProgressSample, Rate } from '../support/stats';
import type { LiveBenchResult } from '../live/live.bench';
import type { QueryBenchResult } from '../query/query.bench';

/** L's rate in a run that does not fix it: half of what S sustained. */
export const halfLoad = (sustainedPerSecond: number) => Math.max(50, Math.round(sustainedPerSecond / 2));

/** Everything one run measured; written as bench/results/<date>.json. */
export interface BenchResults {
  readonly date: string;
  readonly mode: 'full' | 'quick';
  readonly namespace: string;
  readonly machine: MachineInfo;
  readonly notes: string[];
  readonly eventSet?: { readonly events: number; readonly byTopic: Readonly<Record<string, number>> };
  readonly b1Raw?: Rate;
  readonly b1Platform?: Rate;
  readonly b2Raw?: Rate;
  readonly b2Platform?: Rate;
  /** B2'': the subscriber SDK (subscribe() + handleBatch) over the same set, right after B2'. */
  readonly b2Subscriber?: Rate;
  readonly b3Copy?: Rate;
  readonly b4Upsert?: Rate;
  /** `set`: events of the set per second until every read model had applied all of its own; `applied`: records applied, summed over read models. */
  readonly projections?: {
    readonly set: Rate;
    readonly applied: Rate;
    readonly count: number;
    /** Share of the machine's CPU time its hypervisor gave other guests meanwhile (bench/support/cpu-steal.ts). */
    readonly stolenShare?: number | undefined;
  };
  /** `set`: events of the set per second until the last read model's rebuild had swapped in; `projections`: each rebuild's own summary. */
  readonly rebuild?: {
    readonly set: Rate;
    readonly method: string;
    readonly projections?: readonly RebuildFigures[];
    readonly stolenShare?: number | undefined;
  };
  readonly sustained?: SustainedResult;
  readonly latency?: {
    readonly targetPerSecond: number;
    readonly achievedPerSecond: number;
    readonly events: number;
    readonly latency: Percentiles;
    readonly pollIntervalMs: number;
    readonly warmupSeconds: number;
    readonly samples: undefined;
    readonly cdf: { value: number; fraction: number }[];
  };
  readonly baseline?: {
    readonly platformOrderSummary: Rate;
    readonly baseline: Rate & { complete: boolean };
  };
  readonly peer?: { readonly platformPayments: Rate; readonly peer?: PeerResult; readonly error?: string };
  readonly api?: ApiResult;
  /** The query API: hot reads with the cache on and off, read-your-writes under load; or why it did not run. */
  readonly query?: QueryBenchResult | { readonly error: string };
  /** One run per size: each live target is answered by the run of the size it names. */
  readonly live?: readonly LiveBenchResult[];
  readonly plots?: string[];
  readonly throughput?: ProgressSample[];
}
