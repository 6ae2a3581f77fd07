import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';

/** A request as the API's handlers get it from Fastify: parsed query and path parameters, Node's request as `raw`. */
export type HttpRequest = FastifyRequest<{
  Querystring: Record<string, unknown>;
  Params: Record<string, string>;
}>;

/** The reply a handler sets headers or a status on; the framework sends what the handler returns. */
export type HttpResponse = FastifyReply;

export function headerValue(
  request: { readonly headers: IncomingHttpHeaders },
  name: string,
): string | string[] | undefined {
  return request.headers[name.toLowerCase()];
}
