import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import {
  GET_ORDER_READS,
  getOrder,
  idParam,
  LIST_ORDERS_READS,
  listOrders,
  listOrdersParams,
  ReadStores,
} from '@shopstream/queries';
import { z } from 'zod';
import type { HttpRequest, HttpResponse } from '../http/http-request';
import { QueryHandler } from '../http/query-handler';
import { NotFoundError } from '@shopstream/http';
import { HotReads } from '../cache/hot-reads';
import { HOT_READS, READ_STORES } from '../query-api.tokens';
import { Principal } from '@shopstream/access';
import { assertOwnOrder, CurrentPrincipal, Requires } from '@shopstream/http';
import { SCOPES_OF } from '../access/route-access';

const orderPath = z.object({ orderId: idParam });

@Controller('orders')
export class OrdersController {
  constructor(
    @Inject(QueryHandler) private readonly handler: QueryHandler,
    @Inject(READ_STORES) private readonly stores: ReadStores,
    @Inject(HOT_READS) private readonly hot: HotReads | null,
  ) {}

  @Get()
  @Requires(SCOPES_OF.orderList)
  list(@Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpResponse) {
    return this.handler.run(
      request,
      response,
      { query: listOrdersParams, reads: LIST_ORDERS_READS },
      ({ query }) => listOrders(this.stores, query),
    );
  }

  @Get(':orderId')
  @Requires(SCOPES_OF.order, 'checked')
  async one(
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
    @CurrentPrincipal() principal: Principal | null,
  ) {
    const order = await this.handler.run(
      request,
      response,
      { path: orderPath, reads: GET_ORDER_READS },
      ({ path, wanted }) => {
        const load = () => getOrder(this.stores, path.orderId);
        // A read with a position is answered from the cache only by a value stamped at or past it.
        return this.hot ? this.hot.order(path.orderId, load, wanted) : load();
      },
      ({ orderId }) => new NotFoundError('ORDER_NOT_FOUND', `No order ${orderId} in the read models (yet).`),
    );
    assertOwnOrder(principal, order.customerId, `order ${String(request.params.orderId)}`);
    return order;
  }
}
