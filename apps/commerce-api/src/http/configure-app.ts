import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage } from 'node:http';
import { correlationId } from './correlation-id';
import { AllExceptionsFilter } from './all-exceptions.filter';

export const PAYMENT_WEBHOOK_PATH = '/payments/webhook';

const pathOf = (request: IncomingMessage) => (request.url ?? '').split('?')[0] ?? '';

/**
 * Whether the router would take this path to the webhook: it matches without regard to case and with a trailing
 * slash, so every such spelling must get the raw parser too, or it would reach the JSON parser before the signature.
 */
export function isPaymentWebhookPath(path: string): boolean {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch (error) {
    // A malformed escape is not the webhook: the router answers it with 400 (and says so in its own words).
    if (!(error instanceof URIError)) throw error;
  }
  return decoded.toLowerCase().replace(/\/+$/, '') === PAYMENT_WEBHOOK_PATH;
}
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
    type: (request: IncomingMessage) => isPaymentWebhookPath(pathOf(request)),
    limit: '64kb',
  });
  app.useBodyParser('json', {
    type: (request: IncomingMessage) => !isPaymentWebhookPath(pathOf(request)) && isJson(request),
    limit: '2mb',
  });
  // Also registered as APP_FILTER; this instance catches what fails before routing (body parsing).
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  return app;
}
