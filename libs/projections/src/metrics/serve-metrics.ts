import * as http from 'node:http';
import { Registry } from 'prom-client';

/** Serves a Prometheus registry at /metrics (and /health) on 127.0.0.1:`port`. */
export function serveMetrics(registry: Registry, port: number, variable: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.url === '/metrics') {
      registry
        .metrics()
        .then((body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body))
        .catch((error: unknown) => res.writeHead(500).end(String(error)));
    } else if (req.url === '/health') res.writeHead(200).end('ok');
    else res.writeHead(404).end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error) =>
      reject(new Error(`metrics port ${port}: ${error.message}; choose another with ${variable}`)),
    );
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
