import { Body, Controller, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ORDERS_TOPIC } from '@shopstream/events';
import type { OrderFlowCommandPort, RequestMeta } from '@shopstream/order-flow';
import type { ServerResponse } from 'node:http';
import { ConsistencyToken, consistencyToken, markReplayed } from '../http/consistency-token';
import { CommandMeta } from '../idempotency/request-meta.decorator';
import { ORDER_FLOW_COMMANDS } from '../order-flow/order-flow.token';
import { orderIdParam } from '../validation/path-params';
import { ZodBodyPipe } from '../validation/zod.pipe';
import { cancelOrderRequest, CancelOrderRequest } from './cancel-order.request';
import { holdsAny, Principal, ScopeMissingError } from '@shopstream/access';
import { assertOwnOrder, CurrentPrincipal, Requires } from '@shopstream/http';
import { SCOPES_OF } from '../access/route-access';
import { ORDER_OWNERS, OrderOwners } from './order-owners';

export interface CancelOrderResponse {
  readonly orderId: string;
  readonly status: string;
  readonly consistencyToken: ConsistencyToken | null;
}

@Controller('orders')
@Requires(SCOPES_OF.cancelOrder, 'checked')
export class CancelOrderController {
  constructor(
    @Inject(ORDER_FLOW_COMMANDS) private readonly commands: OrderFlowCommandPort,
    @Inject(ORDER_OWNERS) private readonly owners: OrderOwners,
  ) {}

  @Post(':orderId/cancel')
  @HttpCode(202)
  async cancelOrder(
    @Param('orderId', orderIdParam()) orderId: string,
    @Body(new ZodBodyPipe(cancelOrderRequest, { optional: true })) body: CancelOrderRequest,
    @CommandMeta() meta: RequestMeta,
    @Res({ passthrough: true }) response: ServerResponse,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<CancelOrderResponse> {
    // Only the merchant cancels for the shop or the system; a shop front or a customer cancels as the customer.
    if (body.by !== 'CUSTOMER' && principal && !holdsAny(principal, ['merchant']))
      throw new ScopeMissingError(['merchant']);
    if (principal?.kind === 'customer')
      assertOwnOrder(principal, await this.owners.customerOf(orderId), `order ${orderId}`);
    const outcome = await this.commands.cancelOrder(orderId, { by: body.by, reason: body.reason }, meta);
    markReplayed(response, outcome);
    return { ...outcome.result, consistencyToken: consistencyToken(outcome.events, ORDERS_TOPIC) };
  }
}
