import { Body, Controller, HttpCode, Inject, Param, Put, Res } from '@nestjs/common';
import { INVENTORY_TOPIC } from '@shopstream/events';
import type { OrderFlowCommandPort, RequestMeta } from '@shopstream/order-flow';
import type { ServerResponse } from 'node:http';
import { consistencyToken, markReplayed } from '../http/consistency-token';
import { CommandMeta } from '../idempotency/request-meta.decorator';
import { ORDER_FLOW_COMMANDS } from '../order-flow/order-flow.token';
import { skuParam } from '../validation/path-params';
import { ZodBodyPipe } from '../validation/zod.pipe';
import { StockResponse } from '../http/command-responses';
import { setThresholdRequest, SetThresholdRequest } from './set-threshold.request';
import { Requires } from '@shopstream/http';
import { SCOPES_OF } from '../access/route-access';

@Controller('inventory')
@Requires(SCOPES_OF.threshold)
export class SetThresholdController {
  constructor(@Inject(ORDER_FLOW_COMMANDS) private readonly commands: OrderFlowCommandPort) {}

  @Put(':sku/threshold')
  @HttpCode(200)
  async setThreshold(
    @Param('sku', skuParam()) sku: string,
    @Body(new ZodBodyPipe(setThresholdRequest)) body: SetThresholdRequest,
    @CommandMeta() meta: RequestMeta,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<StockResponse> {
    const outcome = await this.commands.setThreshold(sku, body, meta);
    markReplayed(response, outcome);
    return { ...outcome.result, consistencyToken: consistencyToken(outcome.events, INVENTORY_TOPIC) };
  }
}
