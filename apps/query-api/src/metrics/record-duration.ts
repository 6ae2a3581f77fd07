import type { FastifyInstance } from 'fastify';
import { QueryMetrics } from './query-metrics';

/**
 * Times every request into the per-route histogram. The route template (`/orders/:orderId`), never the path, labels
 * it: ids in labels would grow the metrics without bound.
 */
export function recordDuration(fastify: FastifyInstance, metrics: QueryMetrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.requestDuration.observe(
      { route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
