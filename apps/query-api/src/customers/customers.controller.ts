import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import {
  CUSTOMER_ORDERS_READS,
  customerOrders,
  customerOrdersParams,
  idParam,
  ReadStores,
} from '@shopstream/queries';
import { z } from 'zod';
import type { HttpRequest, HttpResponse } from '../http/http-request';
import { QueryHandler } from '../http/query-handler';
import { READ_STORES } from '../query-api.tokens';
import { Requires } from '@shopstream/http';
import { SCOPES_OF } from '../access/route-access';

const customerPath = z.object({ customerId: idParam });

@Controller('customers')
@Requires(SCOPES_OF.customerOrders, { param: 'customerId' })
export class CustomersController {
  constructor(
    @Inject(QueryHandler) private readonly handler: QueryHandler,
    @Inject(READ_STORES) private readonly stores: ReadStores,
  ) {}

  /** A customer's orders, newest first; a customer without orders has an empty first page, not a 404. */
  @Get(':customerId/orders')
  orders(@Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpResponse) {
    return this.handler.run(
      request,
      response,
      { path: customerPath, query: customerOrdersParams, reads: CUSTOMER_ORDERS_READS },
      ({ path, query }) => customerOrders(this.stores, path.customerId, query),
    );
  }
}
