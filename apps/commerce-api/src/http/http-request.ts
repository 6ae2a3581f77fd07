import type { IncomingMessage } from 'node:http';

/** The parts of Express's request the API reads; Express's own types are not a dependency of the project. */
export interface HttpRequest extends IncomingMessage {
  readonly body?: unknown;
  /** Set by NestFactory.create(..., { rawBody: true }): the bytes the body was parsed from. */
  readonly rawBody?: Buffer;
  readonly path: string;
}

export function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
