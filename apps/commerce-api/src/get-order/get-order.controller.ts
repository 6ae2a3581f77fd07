import { SqlExecutor } from '@shopstream/database';
import { Controller, Get, Inject, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { INVENTORY_TOPIC, ORDERS_TOPIC } from '@shopstream/events';
import { ORDER_FLOW_INSTANCE, writtenOrderVersion } from '@shopstream/order-flow';
import { findOrderView, OrderView } from '@shopstream/read-models';
import type { ServerResponse } from 'node:http';
import { orderIdParam } from '../validation/path-params';
import { Principal } from '@shopstream/access';
import { assertOwnOrder, CurrentPrincipal, Requires } from '@shopstream/http';
import { SCOPES_OF } from '../access/route-access';
import { READ_MODELS_DB } from './read-models.provider';
import { parseReadTokens, ReadToken } from './read-token';
import { ReadCondition, ReadWait } from './read-wait';
import { READ_WAIT } from './read-wait.provider';

/** The read models an order's view is made of: both must have applied an orders token. */
export const ORDER_VIEW_READ_MODELS = ['order_summary', 'order_lines'] as const;

/** Says whether a `?after=` answer reflects the token (`caught-up`) or was given when the wait ran out (`behind`). */
export const READ_CONSISTENCY_HEADER = 'Read-Consistency';

@Controller('orders')
@Requires(SCOPES_OF.getOrder, 'checked')
export class GetOrderController {
  private readonly sql: SqlExecutor;

  constructor(
    @Inject(READ_MODELS_DB) dataSource: DataSource,
    @Inject(READ_WAIT) private readonly readWait: ReadWait,
  ) {
    this.sql = { query: (text, params) => dataSource.query(text, params ? [...params] : undefined) };
  }

  /**
   * The order as the read models show it. `after` (any command's consistency token) first waits, up to the wait's
   * limit, until the view reflects that event; the Read-Consistency header says whether it does.
   */
  @Get(':id')
  async getOrder(
    @Param('id', orderIdParam()) orderId: string,
    @Query('after') after: unknown,
    @Res({ passthrough: true }) response: ServerResponse,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<OrderView> {
    if (after !== undefined) {
      const tokens = parseReadTokens(after);
      const caughtUp = await this.readWait.run(async (until) =>
        (await Promise.all(tokens.map((token) => this.reflects(orderId, token, until)))).every(Boolean),
      );
      response.setHeader(READ_CONSISTENCY_HEADER, caughtUp ? 'caught-up' : 'behind');
    }
    const view = await findOrderView(this.sql, orderId);
    if (!view)
      throw new NotFoundException({
        error: 'ORDER_NOT_FOUND',
        message: `No order ${orderId} in the read models (yet).`,
      });
    assertOwnOrder(principal, view.customerId, `order ${orderId}`);
    return view;
  }

  /**
   * An orders event is in the view once both its read models applied it. A payment or shipment event reaches the
   * view through the processor: once the processor applied it, the order's write-side version holds its reaction,
   * and the view reflects it when order_summary shows that version. A stock event never changes an order's view.
   */
  private async reflects(
    orderId: string,
    token: ReadToken,
    until: (condition: ReadCondition) => Promise<boolean>,
  ): Promise<boolean> {
    const at = (projection: string): ReadCondition => ({
      kind: 'applied',
      slot: { projection, topic: token.topic, partition: token.partition },
      offset: token.offset,
    });
    if (token.topic === INVENTORY_TOPIC) return true;
    if (token.topic === ORDERS_TOPIC)
      return (await Promise.all(ORDER_VIEW_READ_MODELS.map((name) => until(at(name))))).every(Boolean);
    if (!(await until(at(ORDER_FLOW_INSTANCE.name)))) return false;
    const version = await writtenOrderVersion(this.sql, orderId);
    return version === null || until({ kind: 'summary-version', orderId, version });
  }
}
