import type { NestExpressApplication } from '@nestjs/platform-express';
import { QueryMetrics } from '../metrics/query-metrics';
import { recordDuration } from '../metrics/record-duration';
import { AllExceptionsFilter } from './all-exceptions.filter';

/**
 * HTTP set-up shared by main.ts and the tests. Express computes a weak ETag of every JSON answer and answers a
 * matching If-None-Match with 304 itself, so caches and clients revalidate without a body.
 */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  app.set('etag', 'weak');
  app.disable('x-powered-by');
  app.use(recordDuration(app.get(QueryMetrics)));
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  return app;
}
