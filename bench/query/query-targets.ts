import type { HttpFigure } from '../platform/api.bench';
import type { QueryBenchResult } from './query.bench';

/** The targets for the read side. */
export const QUERY_TARGETS = { speedUp: 5, hotP99Ms: 20, readYourWritesP99Ms: 50 } as const;

export interface QueryTarget {
  readonly what: string;
  readonly figure: string;
  readonly met: boolean | null;
}

const n = (x: number) => Math.round(x).toLocaleString('en');

/**
 * Each target beside what this run measured. `old` is the commerce API's GET /orders/:id measured in the same run
 * (the API section), the figure the cached read is compared with; null when that section did not run.
 */
export function queryTargets(result: QueryBenchResult, old: HttpFigure | null): QueryTarget[] {
  const cached = result.hot.filter((f) => f.cache === 'on');
  const order = cached.find((f) => f.endpoint === 'GET /orders/:id');
  const ryw = result.readYourWrites;
  return [
    {
      what: `cached GET /orders/:id ≥ ${QUERY_TARGETS.speedUp}× the commerce API's GET /orders/:id`,
      figure:
        order && old
          ? `${n(order.perSecond)}/s against ${n(old.perSecond)}/s: ${(order.perSecond / old.perSecond).toFixed(1)}×`
          : 'the commerce API was not measured in this run (API section skipped or failed)',
      met: order && old ? order.perSecond >= QUERY_TARGETS.speedUp * old.perSecond : null,
    },
    {
      what: `cached hot reads p99 ≤ ${QUERY_TARGETS.hotP99Ms} ms`,
      figure: cached.map((f) => `${f.endpoint} ${f.p99Ms} ms`).join(', '),
      met: cached.length > 0 && cached.every((f) => f.p99Ms <= QUERY_TARGETS.hotP99Ms),
    },
    {
      what: `read-your-writes p99 ≤ ${QUERY_TARGETS.readYourWritesP99Ms} ms at half of sustained load`,
      figure: `p99 ${ryw.p99Ms.toFixed(1)} ms (the read alone ${ryw.plainP99Ms.toFixed(1)} ms) at ${n(ryw.achievedLoadPerSecond)} events/s, ${ryw.samples} samples`,
      met: ryw.samples > 0 && ryw.p99Ms <= QUERY_TARGETS.readYourWritesP99Ms,
    },
  ];
}

export const targetLine = (t: QueryTarget) =>
  `${t.met === null ? 'n/a' : t.met ? 'met' : 'NOT met'}: ${t.what}: ${t.figure}`;
