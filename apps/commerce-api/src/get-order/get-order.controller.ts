import { SqlExecutor } from '@shopstream/database';
import { Controller, Get, Inject, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PublicationWaiter } from '@shopstream/order-flow';
import { PositionWaiter } from '@shopstream/projections';
import { findOrderView, OrderView } from '@shopstream/read-models';
import type { ServerResponse } from 'node:http';
import { orderIdParam } from '../validation/path-params';
import { Principal } from '@shopstream/access';
import { assertOwnOrder, CurrentPrincipal, Requires } from '@shopstream/http';
import { SCOPES_OF } from '../access/route-access';
import { READ_MODELS_DB } from './read-models.provider';
import { OrderViewWait } from './order-view-wait';
import { parseReadTokens } from './read-token';
import { POSITION_WAITER, PUBLICATIONS, READ_WAIT_SETTINGS, ReadWaitSettings } from './read-wait.provider';

/** Says whether a `?after=` answer reflects the token (`caught-up`) or was given when the wait ran out (`behind`). */
export const READ_CONSISTENCY_HEADER = 'Read-Consistency';

@Controller('orders')
@Requires(SCOPES_OF.getOrder, 'checked')
export class GetOrderController {
  private readonly sql: SqlExecutor;
  private readonly viewWait: OrderViewWait;

  constructor(
    @Inject(READ_MODELS_DB) dataSource: DataSource,
    @Inject(POSITION_WAITER) waiter: PositionWaiter,
    @Inject(PUBLICATIONS) publications: PublicationWaiter,
    @Inject(READ_WAIT_SETTINGS) settings: ReadWaitSettings,
  ) {
    this.sql = { query: (text, params) => dataSource.query(text, params ? [...params] : undefined) };
    this.viewWait = new OrderViewWait(waiter, publications, this.sql, settings.limitMs);
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
      const caughtUp = await this.viewWait.reflects(orderId, parseReadTokens(after));
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
}
