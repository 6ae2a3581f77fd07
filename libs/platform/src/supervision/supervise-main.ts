import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { decideRestart, DEFAULT_RESTART_POLICY } from './restart-policy';
import { exitReason, SupervisorArguments, SupervisorState, writeSupervisorState } from './supervisor-state';

/**
 * A supervisor of one app, run detached by `shopstream up` (one per app) so that the app is restarted when it
 * crashes though the CLI has exited: what systemd's Restart=on-failure or a Kubernetes restart policy do in a real
 * deployment. Arguments: a JSON object `{ name, stateFile, pidFile, policy? }`, then the app's command line. Its
 * output and the app's go to the supervisor's own stdout (the app's log file).
 */
function main(): void {
  const [, , json, command, ...args] = process.argv;
  if (json === undefined || command === undefined)
    throw new Error('usage: supervise-main <json arguments> <command> [args...]');
  const options = JSON.parse(json) as SupervisorArguments;
  const policy = options.policy ?? DEFAULT_RESTART_POLICY;
  const crashes: number[] = [];
  let restarts = 0;
  let lastExit: SupervisorState['lastExit'] = null;
  let child: ChildProcess | null = null;
  let stopping = false;
  let timer: NodeJS.Timeout | null = null;
  const say = (line: string) =>
    console.log(`==== supervisor of ${options.name}: ${line} at ${new Date().toISOString()}`);
  const record = (state: SupervisorState['state'], gaveUp: string | null = null) =>
    writeSupervisorState(options.stateFile, {
      app: options.name,
      supervisorPid: process.pid,
      state,
      appPid: state === 'running' ? (child?.pid ?? null) : null,
      restarts,
      lastExit,
      gaveUp,
    });

  const start = () => {
    timer = null;
    const started = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
    child = started;
    if (started.pid !== undefined) fs.writeFileSync(options.pidFile, `${started.pid}\n`);
    record('running');
    started.on('exit', (code, signal) => {
      child = null;
      fs.rmSync(options.pidFile, { force: true });
      lastExit = { reason: exitReason(code, signal), at: new Date().toISOString() };
      if (stopping) return;
      const now = Date.now();
      crashes.push(now);
      const decision = decideRestart(crashes, now, policy);
      if (decision.action === 'give-up') {
        const why = `gave up after ${decision.why} (last: ${lastExit.reason}); see its log, fix the cause, then run \`shopstream up\``;
        say(why);
        record('gave-up', why);
        process.exit(1);
      }
      restarts++;
      say(`${options.name} ended (${lastExit.reason}); restart ${restarts} in ${decision.delayMs} ms`);
      record('backing-off');
      timer = setTimeout(start, decision.delayMs);
    });
  };

  const stop = () => {
    stopping = true;
    if (timer) clearTimeout(timer);
    const running = child;
    const finish = () => {
      record('stopped');
      process.exit(0);
    };
    if (!running) return finish();
    running.once('exit', finish);
    running.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  start();
}

main();
