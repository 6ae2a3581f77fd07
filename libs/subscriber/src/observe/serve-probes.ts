import * as http from 'node:http';
import type { Subscription } from '../subscribe/subscription';
import type { SubscriberMetrics } from '../metrics/subscriber-metrics';

/**
 * Serves probes for an orchestrator on `port`: /health (the subscriptions run), /ready (every consumer joined its
 * group) and /metrics (Prometheus). Extra routes, like an app's own HTTP API, go in `routes`.
 */
export function serveProbes(options: {
  readonly port: number;
  readonly host?: string;
  readonly subscriptions: readonly Subscription[];
  readonly metrics: SubscriberMetrics;
  readonly routes?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
}): Promise<http.Server> {
  const { subscriptions, metrics } = options;
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') {
      const down = subscriptions.filter((s) => !s.isRunning()).map((s) => s.group);
      res.writeHead(down.length ? 503 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: down.length ? 'down' : 'ok', down }));
    } else if (path === '/ready') {
      const waiting = subscriptions.filter((s) => !s.isReady()).map((s) => s.group);
      res.writeHead(waiting.length ? 503 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: waiting.length ? 'joining' : 'ready', waiting }));
    } else if (path === '/metrics') {
      metrics.registry
        .metrics()
        .then((body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body))
        .catch((error: unknown) => res.writeHead(500).end(String(error)));
    } else if (!options.routes?.(req, res)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not found' }));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error) =>
      reject(new Error(`cannot listen on port ${options.port}: ${error.message}`)),
    );
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve(server));
  });
}
