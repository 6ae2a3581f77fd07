import {
  BadRequestException,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Query,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ORDERS_TOPIC } from '@shopstream/events';
import { findOrderView, hasApplied, OrderView } from '@shopstream/read-models';
import { SqlExecutor } from '@shopstream/projections';
import { READ_MODELS_DB } from './read-models.provider';

const WAIT_LIMIT_MS = 5_000;
const POLL_MS = 25;

@Controller('orders')
export class GetOrderController {
  private readonly sql: SqlExecutor;

  constructor(@Inject(READ_MODELS_DB) dataSource: DataSource) {
    this.sql = { query: (text, params) => dataSource.query(text, params ? [...params] : undefined) };
  }

  /**
   * The order as the read models show it. `after=<partition>:<offset>` (the consistency token a command answered
   * with) waits up to 5 s until order_summary and order_lines have applied that event, so a client reads its own write.
   */
  @Get(':id')
  async getOrder(@Param('id') orderId: string, @Query('after') after?: string): Promise<OrderView> {
    if (after !== undefined) {
      const match = /^(\d+):(\d+)$/.exec(after);
      if (!match)
        throw new BadRequestException({
          error: 'VALIDATION_FAILED',
          message: 'after must be <partition>:<offset> from a consistency token',
        });
      const position = { topic: ORDERS_TOPIC, partition: Number(match[1]), offset: match[2]! };
      const deadline = Date.now() + WAIT_LIMIT_MS;
      const applied = async () =>
        (await hasApplied(this.sql, 'order_summary', position)) &&
        (await hasApplied(this.sql, 'order_lines', position));
      while (!(await applied()) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    }
    const view = await findOrderView(this.sql, orderId);
    if (!view)
      throw new NotFoundException({
        error: 'ORDER_NOT_FOUND',
        message: `No order ${orderId} in the read models (yet).`,
      });
    return view;
  }
}
