import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { PlatformConfig } from '@shopstream/config';
import { NODE_PROCESS_FLAGS } from '@shopstream/platform';
import { Cleanup } from '../support/cleanup';
import { sleep } from '../support/wait-for';

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** The built query API in a process of its own, as `up` runs it, stopped by `cleanup`. */
export function startQueryApi(
  platform: PlatformConfig,
  env: Record<string, string>,
  cleanup: Cleanup,
  log: string,
): ChildProcess {
  const out = fs.openSync(log, 'a');
  const main = path.join(platform.root, 'dist/apps/query-api/src/main.js');
  // With the V8 flags `up` gives it: a bench of the API as it runs.
  const child = spawn(process.execPath, [...NODE_PROCESS_FLAGS, main], {
    cwd: platform.root,
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanup.add(`stop the query API (pid ${child.pid})`, async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return child;
}
