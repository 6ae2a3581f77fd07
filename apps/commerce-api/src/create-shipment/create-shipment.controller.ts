import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { SHIPMENTS_TOPIC } from '@shopstream/events';
import type { OrderFlowCommandPort, RequestMeta } from '@shopstream/order-flow';
import type { ServerResponse } from 'node:http';
import { ConsistencyToken, consistencyToken, markReplayed } from '../http/consistency-token';
import { CommandMeta } from '../idempotency/request-meta.decorator';
import { ORDER_FLOW_COMMANDS } from '../order-flow/order-flow.token';
import { ZodBodyPipe } from '../validation/zod.pipe';
import { createShipmentRequest, CreateShipmentRequest } from './create-shipment.request';
import { Requires } from '@shopstream/http';
import { SCOPES_OF } from '../access/route-access';

export interface CreateShipmentResponse {
  readonly shipmentId: string;
  readonly orderId: string;
  readonly status: 'CREATED';
  readonly consistencyToken: ConsistencyToken | null;
}

@Controller('shipments')
@Requires(SCOPES_OF.shipments)
export class CreateShipmentController {
  constructor(@Inject(ORDER_FLOW_COMMANDS) private readonly commands: OrderFlowCommandPort) {}

  @Post()
  @HttpCode(201)
  async createShipment(
    @Body(new ZodBodyPipe(createShipmentRequest)) body: CreateShipmentRequest,
    @CommandMeta() meta: RequestMeta,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<CreateShipmentResponse> {
    const outcome = await this.commands.createShipment(body.orderId, meta);
    markReplayed(response, outcome);
    response.setHeader('Location', `/shipments/${encodeURIComponent(outcome.result.shipmentId)}`);
    return {
      shipmentId: outcome.result.shipmentId,
      orderId: outcome.result.orderId,
      status: 'CREATED',
      consistencyToken: consistencyToken(outcome.events, SHIPMENTS_TOPIC),
    };
  }
}
