import { Body, Controller, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { INVENTORY_TOPIC } from '@shopstream/events';
import type { OrderFlowCommandPort, RequestMeta } from '@shopstream/order-flow';
import type { ServerResponse } from 'node:http';
import { consistencyToken, markReplayed } from '../http/consistency-token';
import { CommandMeta } from '../idempotency/request-meta.decorator';
import { ORDER_FLOW_COMMANDS } from '../order-flow/order-flow.token';
import { skuParam } from '../validation/path-params';
import { ZodBodyPipe } from '../validation/zod.pipe';
import { StockResponse } from '../http/command-responses';
import { adjustStockRequest, AdjustStockRequest } from './adjust-stock.request';
import { Requires } from '@shopstream/http';
import { SCOPES_OF } from '../access/route-access';

@Controller('inventory')
@Requires(SCOPES_OF.stock)
export class AdjustStockController {
  constructor(@Inject(ORDER_FLOW_COMMANDS) private readonly commands: OrderFlowCommandPort) {}

  @Post(':sku/adjust')
  @HttpCode(200)
  async adjust(
    @Param('sku', skuParam()) sku: string,
    @Body(new ZodBodyPipe(adjustStockRequest)) body: AdjustStockRequest,
    @CommandMeta() meta: RequestMeta,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<StockResponse> {
    const outcome = await this.commands.adjustStock(
      sku,
      { delta: body.delta, reason: body.reason, note: body.note ?? null },
      meta,
    );
    markReplayed(response, outcome);
    return { ...outcome.result, consistencyToken: consistencyToken(outcome.events, INVENTORY_TOPIC) };
  }
}
