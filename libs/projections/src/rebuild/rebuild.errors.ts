/** Another process is rebuilding (or verifying) the same projection; two swaps would race. */
export class RebuildInProgressError extends Error {
  readonly code = 'REBUILD_IN_PROGRESS';
  constructor(target: string) {
    super(
      `A rebuild of ${target} is already running in another process. Wait for it to finish ` +
        '(shopstream projections status shows it catching up), or stop that process and run the command again.',
    );
    this.name = 'RebuildInProgressError';
  }
}

/** A sandbox schema name that is taken, reserved or not a plain identifier. */
export class SandboxSchemaError extends Error {
  readonly code = 'SANDBOX_SCHEMA_INVALID';
  constructor(schema: string, problem: string) {
    super(`Schema "${schema}": ${problem}`);
    this.name = 'SandboxSchemaError';
  }
}

/** A --from / --until value that is neither `earliest` nor an ISO-8601 time. */
export class RunStartError extends Error {
  readonly code = 'RUN_START_INVALID';
  constructor(option: string, value: string) {
    super(`${option} ${value}: expected 'earliest' or an ISO-8601 time such as 2026-11-01T08:00:00Z`);
    this.name = 'RunStartError';
  }
}

/** The shadow copy did not reach the live positions in time while the live projection was paused for the swap. */
export class SwapTimeoutError extends Error {
  readonly code = 'SWAP_TIMEOUT';
  constructor(target: string, seconds: number) {
    super(
      `Swap of ${target} gave up after ${seconds} s waiting for the rebuild to reach the live positions; live is ` +
        'untouched. The rebuild is probably slower than the incoming events: run it again when traffic is lower.',
    );
    this.name = 'SwapTimeoutError';
  }
}
