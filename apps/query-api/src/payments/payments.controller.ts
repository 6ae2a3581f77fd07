import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { GET_PAYMENT_READS, getPayment, idParam, ReadStores } from '@shopstream/queries';
import { z } from 'zod';
import type { HttpRequest, HttpResponse } from '../http/http-request';
import { QueryHandler } from '../http/query-handler';
import { NotFoundError } from '@shopstream/http';
import { READ_STORES } from '../query-api.tokens';
import { Requires } from '@shopstream/http';
import { SCOPES_OF } from '../access/route-access';

const paymentPath = z.object({ paymentId: idParam });

@Controller('payments')
@Requires(SCOPES_OF.payment)
export class PaymentsController {
  constructor(
    @Inject(QueryHandler) private readonly handler: QueryHandler,
    @Inject(READ_STORES) private readonly stores: ReadStores,
  ) {}

  @Get(':paymentId')
  one(@Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpResponse) {
    return this.handler.run(
      request,
      response,
      { path: paymentPath, reads: GET_PAYMENT_READS },
      ({ path }) => getPayment(this.stores, path.paymentId),
      ({ paymentId }) =>
        new NotFoundError('PAYMENT_NOT_FOUND', `No payment ${paymentId} in the read models (yet).`),
    );
  }
}
