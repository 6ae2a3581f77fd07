import pino, { Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * The platform's structured log: one JSON line per event on stderr, naming the component that wrote it. stderr,
 * because the apps' supervisors keep it in their log files and a CLI's stdout is its output.
 */
export function createLogger(component: string): Logger {
  // Synchronous, so the lines that explain a crash are written before the process exits.
  return pino({ base: { component } }, pino.destination({ dest: 2, sync: true }));
}

/** For parts that report in lines (a `log?: (line) => void` option): each line becomes one warning event. */
export function lineLogger(logger: Logger): (line: string) => void {
  return (line) => logger.warn(line);
}
