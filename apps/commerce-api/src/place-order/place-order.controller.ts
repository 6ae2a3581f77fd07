import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ORDERS_TOPIC } from '@shopstream/events';
import type { OrderFlowCommandPort, RequestMeta } from '@shopstream/order-flow';
import type { ServerResponse } from 'node:http';
import { ConsistencyToken, consistencyToken, markReplayed } from '../http/consistency-token';
import { CommandMeta } from '../idempotency/request-meta.decorator';
import { ORDER_FLOW_COMMANDS } from '../order-flow/order-flow.token';
import { ZodBodyPipe } from '../validation/zod.pipe';
import { Principal } from '@shopstream/access';
import { assertOwnOrder, CurrentPrincipal, Requires } from '@shopstream/http';
import { SCOPES_OF } from '../access/route-access';
import { placeOrderRequest, PlaceOrderRequest, toPlaceOrderInput } from './place-order.request';

export interface PlaceOrderResponse {
  readonly orderId: string;
  readonly status: 'PENDING';
  readonly consistencyToken: ConsistencyToken | null;
}

@Controller('orders')
@Requires(SCOPES_OF.placeOrder, 'checked')
export class PlaceOrderController {
  constructor(@Inject(ORDER_FLOW_COMMANDS) private readonly commands: OrderFlowCommandPort) {}

  /** 202: the order is placed (OrderPlaced acknowledged by Kafka); stock and payment follow asynchronously. */
  @Post()
  @HttpCode(202)
  async placeOrder(
    @Body(new ZodBodyPipe(placeOrderRequest)) body: PlaceOrderRequest,
    @CommandMeta() meta: RequestMeta,
    @Res({ passthrough: true }) response: ServerResponse,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<PlaceOrderResponse> {
    assertOwnOrder(principal, body.customerId, `an order for customer ${body.customerId}`);
    const outcome = await this.commands.placeOrder(toPlaceOrderInput(body), meta);
    markReplayed(response, outcome);
    return {
      orderId: outcome.result.orderId,
      status: outcome.result.status,
      consistencyToken: consistencyToken(outcome.events, ORDERS_TOPIC),
    };
  }
}
