import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LiveModule } from '@shopstream/live';
import { CACHE_PROVIDERS } from './cache/cache.providers';
import { CacheStatusController } from './cache/cache-status.controller';
import { CustomersController } from './customers/customers.controller';
import { HealthController } from './health/health.controller';
import { AllExceptionsFilter } from './http/all-exceptions.filter';
import { QueryHandler } from './http/query-handler';
import { InventoryController } from './inventory/inventory.controller';
import { ShutdownHooks } from './lifecycle/shutdown-hooks';
import { MetricsController } from './metrics/metrics.controller';
import { QueryMetrics } from './metrics/query-metrics';
import { HttpAccessModule, openApiController } from '@shopstream/http';
import { buildOpenApiDocument } from './openapi/openapi.document';
import { OrdersController } from './orders/orders.controller';
import { PaymentsController } from './payments/payments.controller';
import { QueryApiConfig } from './query-api.config';
import { QUERY_API_CONFIG } from './query-api.tokens';
import { READ_MODEL_PROVIDERS } from './read-models/read-models.providers';
import { ReadBarrier } from './read-your-writes/read-barrier';
import { ReportsController } from './reports/reports.controller';
import { ShipmentsController } from './shipments/shipments.controller';

/**
 * The read side: queries over the read models, stateless, so any number of instances can run. It also serves live
 * push (ws://…/live and the live page) on its own port: pushes follow the same committed read models it answers from.
 */
@Module({})
export class AppModule {
  static forRoot(config: QueryApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [LiveModule.forRoot(config.live), HttpAccessModule.forRoot(config.platform)],
      controllers: [
        OrdersController,
        CustomersController,
        InventoryController,
        ShipmentsController,
        PaymentsController,
        ReportsController,
        HealthController,
        MetricsController,
        CacheStatusController,
        openApiController('Shopstream query API', () =>
          buildOpenApiDocument(config.platform.security.publicStock),
        ),
      ],
      providers: [
        { provide: QUERY_API_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        ShutdownHooks,
        QueryMetrics,
        ...READ_MODEL_PROVIDERS,
        ...CACHE_PROVIDERS,
        ReadBarrier,
        QueryHandler,
      ],
    };
  }
}
