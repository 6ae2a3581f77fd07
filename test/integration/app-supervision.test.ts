import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readSupervisorState, SUPERVISOR_MAIN } from '@shopstream/platform';
import { exited } from '../support/app-process';
import { waitFor } from '../support/wait-for';

const root = path.join(__dirname, '..', '..');
/** A tiny app: answers /health on its port until it is killed. */
const TINY_APP = `require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.TINY_PORT), '127.0.0.1')`;

describe('app supervisor', () => {
  let home: string;
  let supervisor: ChildProcess | null = null;

  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'shopstream-supervision-'));
  });

  afterEach(async () => {
    if (supervisor && supervisor.exitCode === null && supervisor.signalCode === null) {
      supervisor.kill('SIGTERM');
      await exited(supervisor);
    }
    fs.rmSync(home, { recursive: true, force: true });
  });

  const supervise = (
    name: string,
    command: readonly string[],
    policy?: object,
    env: NodeJS.ProcessEnv = {},
  ) => {
    const files = {
      name,
      stateFile: path.join(home, `${name}.supervisor.json`),
      pidFile: path.join(home, `${name}.pid`),
      ...(policy ? { policy } : {}),
    };
    const log = fs.openSync(path.join(home, `${name}.log`), 'a');
    supervisor = spawn(
      process.execPath,
      [path.join(root, SUPERVISOR_MAIN), JSON.stringify(files), ...command],
      {
        stdio: ['ignore', log, log],
        env: { ...process.env, ...env },
      },
    );
    fs.closeSync(log);
    return files;
  };

  it('restarts an app killed with SIGKILL until it is healthy again, and records the restart and why', async () => {
    const port = 19_700 + Math.floor(Math.random() * 90);
    const files = supervise('tiny', [process.execPath, '-e', TINY_APP], undefined, {
      TINY_PORT: String(port),
    });
    const healthy = async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok;
    await waitFor(healthy, { timeoutMs: 20_000, what: 'the tiny app to answer' });
    const first = Number(fs.readFileSync(files.pidFile, 'utf8'));
    process.kill(first, 'SIGKILL');

    await waitFor(() => readSupervisorState(files.stateFile)?.restarts === 1, {
      timeoutMs: 20_000,
      what: 'a restart recorded',
    });
    await waitFor(
      async () => readSupervisorState(files.stateFile)?.state === 'running' && (await healthy()),
      {
        timeoutMs: 20_000,
        what: 'the tiny app healthy again',
      },
    );
    const state = readSupervisorState(files.stateFile)!;
    expect(state.appPid).not.toBe(first);
    expect(state.lastExit?.reason).toBe('signal SIGKILL');
    expect(state.gaveUp).toBeNull();
  });

  it('gives up after repeated crashes within its window, says so, and exits', async () => {
    const files = supervise('crashing', [process.execPath, '-e', 'process.exit(3)'], {
      baseDelayMs: 50,
      maxDelayMs: 100,
      maxCrashes: 3,
      windowMs: 60_000,
    });
    await waitFor(() => readSupervisorState(files.stateFile)?.state === 'gave-up', {
      timeoutMs: 20_000,
      what: 'the supervisor to give up',
    });
    await exited(supervisor!);
    const state = readSupervisorState(files.stateFile)!;
    expect(state.restarts).toBe(2);
    expect(state.gaveUp).toContain('3 crashes within 60s');
    expect(state.gaveUp).toContain('exit code 3');
    expect(supervisor!.exitCode).toBe(1);
  });

  it('stops its app when stopped, without restarting it', async () => {
    const port = 19_800 + Math.floor(Math.random() * 90);
    const files = supervise('stopped', [process.execPath, '-e', TINY_APP], undefined, {
      TINY_PORT: String(port),
    });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, { timeoutMs: 20_000 });
    supervisor!.kill('SIGTERM');
    await exited(supervisor!);
    expect(readSupervisorState(files.stateFile)).toMatchObject({ state: 'stopped', restarts: 0 });
    expect(fs.existsSync(files.pidFile)).toBe(false);
  });
});
