import type { IncomingMessage, ServerResponse } from 'node:http';
import { QueryMetrics } from './query-metrics';

/**
 * Times every request into the per-route histogram. The route template (`/orders/:id`), never the path, labels it:
 * ids in labels would grow the metrics without bound.
 */
export function recordDuration(metrics: QueryMetrics) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const stop = metrics.requestDuration.startTimer();
    response.once('finish', () => {
      const route = (request as IncomingMessage & { route?: { path?: unknown } }).route?.path;
      stop({ route: typeof route === 'string' ? route : 'unmatched', status: String(response.statusCode) });
    });
    next();
  };
}
