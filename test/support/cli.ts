import { execFile } from 'node:child_process';
import * as path from 'node:path';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const BIN = path.join(__dirname, '..', '..', 'bin', 'shopstream.js');

/** Runs the built `shopstream` CLI as a user would, with extra environment variables. */
export function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 400_000,
): Promise<CliResult> {
  return startCli(args, env, timeoutMs).done;
}

/** Starts the CLI as runCli does, and leaves a way to interrupt it (as Ctrl-C would) before it ends by itself. */
export function startCli(
  args: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 400_000,
): { readonly done: Promise<CliResult>; interrupt(): void } {
  let interrupt = () => undefined as void;
  const done = new Promise<CliResult>((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    interrupt = () => void child.kill('SIGINT');
  });
  return { done, interrupt: () => interrupt() };
}
