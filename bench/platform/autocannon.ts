/** The part of autocannon's API used here (it ships no types of its own). */
export interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  '2xx': number;
}
export interface AutocannonRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
}
export type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  /** Stops after this many requests instead of after `duration`. */
  amount?: number;
  timeout?: number;
  requests?: AutocannonRequest[];
  headers?: Record<string, string>;
  method?: string;
  body?: string;
}) => Promise<AutocannonResult>;

export interface HttpFigure {
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly ok: number;
  readonly failed: number;
}

export const figure = (r: AutocannonResult): HttpFigure => ({
  perSecond: r['2xx'] / r.duration,
  p50Ms: r.latency.p50,
  p99Ms: r.latency.p99,
  ok: r['2xx'],
  failed: r.non2xx + r.errors + r.timeouts,
});
