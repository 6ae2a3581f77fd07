import { Body, Controller, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { SHIPMENTS_TOPIC } from '@shopstream/events';
import type { OrderFlowCommandPort, RequestMeta } from '@shopstream/order-flow';
import type { ServerResponse } from 'node:http';
import { consistencyToken, markReplayed } from '../http/consistency-token';
import { CommandMeta } from '../idempotency/request-meta.decorator';
import { ORDER_FLOW_COMMANDS } from '../order-flow/order-flow.token';
import { shipmentIdParam } from '../validation/path-params';
import { ZodBodyPipe } from '../validation/zod.pipe';
import { ShipmentStepResponse } from '../http/command-responses';
import { returnShipmentRequest, ReturnShipmentRequest } from './return-shipment.request';
import { Requires } from '@shopstream/http';
import { SCOPES_OF } from '../access/route-access';

@Controller('shipments')
@Requires(SCOPES_OF.shipments)
export class ReturnShipmentController {
  constructor(@Inject(ORDER_FLOW_COMMANDS) private readonly commands: OrderFlowCommandPort) {}

  @Post(':shipmentId/return')
  @HttpCode(202)
  async returnShipment(
    @Param('shipmentId', shipmentIdParam()) shipmentId: string,
    @Body(new ZodBodyPipe(returnShipmentRequest, { optional: true })) body: ReturnShipmentRequest,
    @CommandMeta() meta: RequestMeta,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<ShipmentStepResponse> {
    const outcome = await this.commands.returnShipment(shipmentId, { reason: body.reason ?? null }, meta);
    markReplayed(response, outcome);
    return { ...outcome.result, consistencyToken: consistencyToken(outcome.events, SHIPMENTS_TOPIC) };
  }
}
