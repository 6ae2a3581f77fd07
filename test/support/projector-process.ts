import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

const MAIN = path.join(__dirname, '..', '..', 'dist', 'apps', 'projector', 'src', 'main.js');

/** The built projector app as a separate process, so a test can SIGKILL it like a crash would. */
export function startProjector(env: Record<string, string>): ChildProcess & { output: string[] } {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & {
    output: string[];
  };
  child.output = [];
  child.stdout?.on('data', (d: Buffer) => child.output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => child.output.push(d.toString()));
  return child;
}

export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}
