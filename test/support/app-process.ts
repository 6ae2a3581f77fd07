import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

/** A built app (dist/apps/<name>/src/main.js) as a separate process, so a test can SIGKILL it like a crash. */
export function startApp(name: string, env: Record<string, string>): ChildProcess & { output: string[] } {
  const main = path.join(__dirname, '..', '..', 'dist', 'apps', name, 'src', 'main.js');
  const child = spawn(process.execPath, [main], {
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
