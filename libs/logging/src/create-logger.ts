import pino, { DestinationStream, Logger } from 'pino';
import pretty from 'pino-pretty';
import { logLevelFrom } from './log-level';

export type { Logger } from 'pino';

/**
 * The platform's structured log on stderr, naming the component that wrote it: JSON lines, or readable lines when
 * stderr is a terminal. stderr, because the apps' supervisors keep it in their log files and a CLI's stdout is its
 * output. The level comes from SHOPSTREAM_LOG_LEVEL.
 */
export function createLogger(component: string): Logger {
  return pino({ base: { component }, level: logLevelFrom() }, logDestination());
}

/** For parts that report in lines (a `log?: (line) => void` option): each line becomes one warning event. */
export function lineLogger(logger: Logger): (line: string) => void {
  return (line) => logger.warn(line);
}

/**
 * Where the platform's log lines go: stderr, pretty in a terminal. Synchronous, so the lines that explain a crash
 * are written before the process exits. For loggers built by other libraries (pino-http) with their own pino.
 */
export function logDestination(): DestinationStream {
  if (process.stderr.isTTY) return pretty({ destination: 2, sync: true, ignore: 'pid,hostname' });
  return pino.destination({ dest: 2, sync: true });
}
