import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

/** True when `pid` is alive and its command line contains `marker` (guards against a reused pid). */
export function isRunning(pid: number, marker: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return false;
  }
}

export function readPid(pidFile: string): number | null {
  try {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** The pid from `pidFile` if that process is still the one we started, else null (and the stale file is removed). */
export function runningPid(pidFile: string, marker: string): number | null {
  const pid = readPid(pidFile);
  if (pid !== null && isRunning(pid, marker)) return pid;
  if (pid !== null) fs.rmSync(pidFile, { force: true });
  return null;
}

/** Starts a process that outlives this CLI: own session, output appended to `logFile`. */
export function spawnDetached(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; pidFile: string },
): number {
  const out = fs.openSync(options.logFile, 'a');
  const child = spawn(command, [...args], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  if (child.pid === undefined) throw new Error(`Could not start ${command}`);
  child.unref();
  fs.writeFileSync(options.pidFile, `${child.pid}\n`);
  return child.pid;
}

/** SIGTERM (a Kafka broker then shuts down in a controlled way), SIGKILL after `timeoutMs`. */
export async function stopProcess(
  pid: number,
  marker: string,
  timeoutMs: number,
): Promise<'stopped' | 'killed'> {
  if (!isRunning(pid, marker)) return 'stopped';
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isRunning(pid, marker)) return 'stopped';
    await sleep(250);
  }
  process.kill(pid, 'SIGKILL');
  while (isRunning(pid, marker)) await sleep(100);
  return 'killed';
}

export function tailFile(file: string, lines: number): string[] {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text
      .split('\n')
      .filter((l) => l.length > 0)
      .slice(-lines);
  } catch {
    return [`(no log at ${file})`];
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
