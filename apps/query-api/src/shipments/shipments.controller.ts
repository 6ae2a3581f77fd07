import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { GET_SHIPMENT_READS, getShipment, idParam, ReadStores } from '@shopstream/queries';
import { z } from 'zod';
import type { HttpRequest, HttpResponse } from '../http/http-request';
import { QueryHandler } from '../http/query-handler';
import { NotFoundError } from '@shopstream/http';
import { READ_STORES } from '../query-api.tokens';
import { Requires } from '@shopstream/http';
import { SCOPES_OF } from '../access/route-access';

const shipmentPath = z.object({ shipmentId: idParam });

@Controller('shipments')
@Requires(SCOPES_OF.shipment)
export class ShipmentsController {
  constructor(
    @Inject(QueryHandler) private readonly handler: QueryHandler,
    @Inject(READ_STORES) private readonly stores: ReadStores,
  ) {}

  @Get(':shipmentId')
  one(@Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpResponse) {
    return this.handler.run(
      request,
      response,
      { path: shipmentPath, reads: GET_SHIPMENT_READS },
      ({ path }) => getShipment(this.stores, path.shipmentId),
      ({ shipmentId }) =>
        new NotFoundError('SHIPMENT_NOT_FOUND', `No shipment ${shipmentId} in the read models (yet).`),
    );
  }
}
