import { execFileSync } from 'node:child_process';
import * as net from 'node:net';

/** True when nothing listens on 127.0.0.1:port (we can bind it ourselves). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Names the process listening on a port, e.g. `node (pid 4242)`, using ss(8); falls back to "another process". */
export function portOwner(port: number): string {
  try {
    const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const match = /users:\(\("([^"]+)",pid=(\d+)/.exec(out);
    if (match) return `${match[1]} (pid ${match[2]})`;
  } catch {
    // ss is missing or not permitted: the generic description below still tells the user what to do.
  }
  return 'another process';
}
