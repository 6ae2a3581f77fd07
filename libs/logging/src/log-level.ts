import type { LevelWithSilent } from 'pino';

export const LOG_LEVEL_VARIABLE = 'SHOPSTREAM_LOG_LEVEL';

const LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class InvalidLogLevelError extends Error {
  readonly code = 'LOG_LEVEL_INVALID';
  constructor(value: string) {
    super(
      `${LOG_LEVEL_VARIABLE}=${value} is not a log level: set it to one of ${LEVELS.join(', ')} (default info).`,
    );
    this.name = 'InvalidLogLevelError';
  }
}

/** The level the environment asks for (SHOPSTREAM_LOG_LEVEL), info when unset; a value pino doesn't know stops. */
export function logLevelFrom(env: NodeJS.ProcessEnv = process.env): LevelWithSilent {
  const value = env[LOG_LEVEL_VARIABLE]?.trim().toLowerCase();
  if (value === undefined || value === '') return 'info';
  const level = LEVELS.find((l) => l === value);
  if (!level) throw new InvalidLogLevelError(value);
  return level;
}
