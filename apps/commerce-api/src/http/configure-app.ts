import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage } from 'node:http';
import { correlationId } from './correlation-id';
import { AllExceptionsFilter } from './all-exceptions.filter';

export const PAYMENT_WEBHOOK_PATH = '/payments/webhook';

const pathOf = (request: IncomingMessage) => (request.url ?? '').split('?')[0];
const isJson = (request: IncomingMessage) =>
  /^application\/([\w.-]+\+)?json\b/i.test(request.headers['content-type'] ?? '');

/**
 * HTTP set-up shared by main.ts and the tests; the app must be created with `{ rawBody: true, bodyParser: false }`.
 * The webhook's body is kept as raw bytes so its signature is checked before anything parses it (a malformed body
 * from a stranger gets 401, not a parser error); every other JSON body is parsed, up to the size of a full
 * behaviour batch.
 */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  app.use(correlationId);
  app.useBodyParser('raw', {
    type: (request: IncomingMessage) => pathOf(request) === PAYMENT_WEBHOOK_PATH,
    limit: '64kb',
  });
  app.useBodyParser('json', {
    type: (request: IncomingMessage) => pathOf(request) !== PAYMENT_WEBHOOK_PATH && isJson(request),
    limit: '2mb',
  });
  // Also registered as APP_FILTER; this instance catches what fails before routing (body parsing).
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  return app;
}
