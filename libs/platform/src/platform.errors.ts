/** A platform service could not be set up or started; `hint` says what the user should do next. */
export class PlatformError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint: string,
    readonly details: readonly string[] = [],
  ) {
    super(`${message}\n${hint}${details.length ? `\n${details.join('\n')}` : ''}`);
    this.name = 'PlatformError';
  }
}

export const toolMissing = (tool: string, hint: string) =>
  new PlatformError('TOOL_MISSING', `${tool} was not found on PATH.`, hint);

export const portTaken = (port: number, purpose: string, owner: string, variable: string) =>
  new PlatformError(
    'PORT_TAKEN',
    `Port ${port} (${purpose}) is already taken by ${owner}.`,
    `Stop that process, or choose another port with ${variable}=<port>.`,
  );

export const serviceDied = (service: string, logFile: string, lastLines: readonly string[]) =>
  new PlatformError(
    'SERVICE_DIED',
    `${service} exited during start-up.`,
    `Its log is ${logFile}; the last ${lastLines.length} lines:`,
    lastLines,
  );

export const serviceNotReady = (
  service: string,
  seconds: number,
  logFile: string,
  lastLines: readonly string[],
) =>
  new PlatformError(
    'SERVICE_NOT_READY',
    `${service} did not become ready within ${seconds}s.`,
    `It is still running; look at ${logFile} (last ${lastLines.length} lines below), or raise the time-out.`,
    lastLines,
  );
