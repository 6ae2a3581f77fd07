import * as fs from 'node:fs';
import { RestartPolicy } from './restart-policy';

/** What `up` hands a supervisor: which app, where to record its state and the app's pid, and its policy. */
export interface SupervisorArguments {
  readonly name: string;
  readonly stateFile: string;
  /** Where the app's pid is written, for `status` and the health checks. */
  readonly pidFile: string;
  readonly policy?: RestartPolicy;
}

/** What a supervisor writes for `shopstream status`: one file per supervised app, under the platform's run folder. */
export interface SupervisorState {
  readonly app: string;
  readonly supervisorPid: number;
  readonly state: 'running' | 'backing-off' | 'gave-up' | 'stopped';
  readonly appPid: number | null;
  readonly restarts: number;
  /** How the app last ended, e.g. `signal SIGKILL` or `exit code 1`, and when. */
  readonly lastExit: { readonly reason: string; readonly at: string } | null;
  /** Set when it gave up: why, and what to do. */
  readonly gaveUp: string | null;
}

export function writeSupervisorState(file: string, state: SupervisorState): void {
  // Written whole then renamed: `status` never reads half a file.
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(`${file}.tmp`, file);
}

export function readSupervisorState(file: string): SupervisorState | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return JSON.parse(text) as SupervisorState;
}

export const exitReason = (code: number | null, signal: NodeJS.Signals | null): string =>
  signal !== null ? `signal ${signal}` : `exit code ${code ?? 'unknown'}`;
