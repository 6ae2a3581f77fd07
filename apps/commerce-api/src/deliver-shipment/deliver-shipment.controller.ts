import { Controller, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { SHIPMENTS_TOPIC } from '@shopstream/events';
import type { OrderFlowCommandPort, RequestMeta } from '@shopstream/order-flow';
import type { ServerResponse } from 'node:http';
import { consistencyToken, markReplayed } from '../http/consistency-token';
import { CommandMeta } from '../idempotency/request-meta.decorator';
import { ORDER_FLOW_COMMANDS } from '../order-flow/order-flow.token';
import { shipmentIdParam } from '../validation/path-params';
import { ShipmentStepResponse } from '../http/command-responses';
import { Requires } from '@shopstream/http';
import { SCOPES_OF } from '../access/route-access';

/** POST /shipments/:shipmentId/deliver takes no body: the carrier reported the parcel delivered. */
@Controller('shipments')
@Requires(SCOPES_OF.shipments)
export class DeliverShipmentController {
  constructor(@Inject(ORDER_FLOW_COMMANDS) private readonly commands: OrderFlowCommandPort) {}

  @Post(':shipmentId/deliver')
  @HttpCode(202)
  async deliver(
    @Param('shipmentId', shipmentIdParam()) shipmentId: string,
    @CommandMeta() meta: RequestMeta,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<ShipmentStepResponse> {
    const outcome = await this.commands.deliverShipment(shipmentId, meta);
    markReplayed(response, outcome);
    return { ...outcome.result, consistencyToken: consistencyToken(outcome.events, SHIPMENTS_TOPIC) };
  }
}
