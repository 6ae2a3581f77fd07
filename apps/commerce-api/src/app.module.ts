import { DynamicModule, Module, Provider } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { BehaviourPublisher } from './behaviour-producer/behaviour-publisher';
import { CollectBehaviourController } from './collect-behaviour/collect-behaviour.controller';
import { CommerceApiConfig } from './commerce-api.config';
import { HealthController } from './health/health.controller';
import { Readiness } from './health/readiness';
import { AllExceptionsFilter } from './http/all-exceptions.filter';
import { requestLogging } from './http/request-logging';
import { AdjustStockController } from './adjust-stock/adjust-stock.controller';
import { ReceiveStockController } from './receive-stock/receive-stock.controller';
import { SetThresholdController } from './set-threshold/set-threshold.controller';
import { ShutdownHooks } from './lifecycle/shutdown-hooks';
import { ApiMetrics } from './metrics/api-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { HttpAccessModule, openApiController } from '@shopstream/http';
import { buildOpenApiDocument } from './openapi/openapi.document';
import { orderOwnersProvider } from './cancel-order/order-owners';
import { orderFlowCommandsProvider } from './order-flow/order-flow.provider';
import { COMMERCE_API_CONFIG } from './order-flow/order-flow.token';
import { CancelOrderController } from './cancel-order/cancel-order.controller';
import { GetOrderController } from './get-order/get-order.controller';
import { readModelsDbProvider } from './get-order/read-models.provider';
import {
  positionWaiterProvider,
  publicationsProvider,
  readWaitSettingsProvider,
} from './get-order/read-wait.provider';
import { PlaceOrderController } from './place-order/place-order.controller';
import { PaymentSignatureGuard } from './payment-webhook/payment-signature.guard';
import { PaymentWebhookController } from './payment-webhook/payment-webhook.controller';
import { CreateShipmentController } from './create-shipment/create-shipment.controller';
import { DeliverShipmentController } from './deliver-shipment/deliver-shipment.controller';
import { DispatchShipmentController } from './dispatch-shipment/dispatch-shipment.controller';
import { ReturnShipmentController } from './return-shipment/return-shipment.controller';

@Module({})
export class AppModule {
  /**
   * The whole API. `orderFlow` is where the order flow plugs in: the real one by default; tests pass a provider of
   * ORDER_FLOW_COMMANDS with a fake (or override it).
   */
  static forRoot(config: CommerceApiConfig, orderFlow: Provider = orderFlowCommandsProvider): DynamicModule {
    return {
      module: AppModule,
      imports: [requestLogging(), HttpAccessModule.forRoot(config.platform)],
      controllers: [
        PlaceOrderController,
        GetOrderController,
        CancelOrderController,
        PaymentWebhookController,
        CreateShipmentController,
        DispatchShipmentController,
        DeliverShipmentController,
        ReturnShipmentController,
        ReceiveStockController,
        AdjustStockController,
        SetThresholdController,
        CollectBehaviourController,
        HealthController,
        MetricsController,
        openApiController('Shopstream commerce API', buildOpenApiDocument),
      ],
      providers: [
        { provide: COMMERCE_API_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        orderFlow,
        readModelsDbProvider,
        readWaitSettingsProvider,
        positionWaiterProvider,
        publicationsProvider,
        ShutdownHooks,
        BehaviourPublisher,
        ApiMetrics,
        Readiness,
        PaymentSignatureGuard,
        orderOwnersProvider,
      ],
    };
  }
}
