import type { IncomingMessage } from 'node:http';

/** The parts of Express's request the API reads. */
export interface HttpRequest extends IncomingMessage {
  readonly query: Record<string, unknown>;
  readonly params: Record<string, string>;
}

export function headerValue(request: IncomingMessage, name: string): string | string[] | undefined {
  return request.headers[name.toLowerCase()];
}
