import type { DynamicModule } from '@nestjs/common';
import { logDestination, logLevelFrom } from '@shopstream/logging';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { CORRELATION_HEADER } from './correlation-id';
import { headerValue } from './http-request';
import { CREDENTIAL_LOG_PATHS, redactUrl } from '@shopstream/http';

const correlationOf = (request: IncomingMessage) => headerValue(request, CORRELATION_HEADER) ?? randomUUID();

/**
 * Nest's own logs and one line per request through the platform's logger, each with the request's correlation id
 * (set by the correlationId middleware before any route), the id its events and the processor's lines carry too.
 */
export function requestLogging(): DynamicModule {
  return LoggerModule.forRoot({
    // Options and a stream rather than our logger: pino-http brings its own version of pino.
    pinoHttp: [
      {
        base: { component: 'commerce-api' },
        level: logLevelFrom(),
        genReqId: correlationOf,
        customProps: (request) => ({ correlationId: correlationOf(request) }),
        // The request line without its headers: they hold signatures and keys that don't belong in logs.
        serializers: {
          req: (request: { id: unknown; method: string; url: string }) => ({
            id: request.id,
            method: request.method,
            url: redactUrl(request.url),
          }),
        },
        redact: { paths: [...CREDENTIAL_LOG_PATHS], censor: '[REDACTED]' },
        // Probes and scrapes would drown the requests that matter.
        autoLogging: { ignore: (request) => /^\/(health|ready|metrics)/.test(request.url ?? '') },
      },
      logDestination(),
    ],
  });
}
