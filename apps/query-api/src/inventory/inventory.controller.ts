import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import {
  DEFAULT_PAGE_SIZE,
  GET_STOCK_READS,
  getStock,
  idParam,
  LIST_STOCK_READS,
  listStock,
  listStockParams,
  ReadStores,
  STOCK_MOVEMENTS_READS,
  stockMovements,
  stockMovementsParams,
} from '@shopstream/queries';
import { z } from 'zod';
import type { HttpRequest, HttpResponse } from '../http/http-request';
import { QueryHandler } from '../http/query-handler';
import { NotFoundError } from '@shopstream/http';
import { HotReads } from '../cache/hot-reads';
import { HOT_READS, READ_STORES } from '../query-api.tokens';
import { StockRead } from '@shopstream/http';
import { SCOPES_OF } from '../access/route-access';

const skuPath = z.object({ sku: idParam });

@Controller('inventory')
@StockRead(SCOPES_OF.stock)
export class InventoryController {
  constructor(
    @Inject(QueryHandler) private readonly handler: QueryHandler,
    @Inject(READ_STORES) private readonly stores: ReadStores,
    @Inject(HOT_READS) private readonly hot: HotReads | null,
  ) {}

  @Get()
  list(@Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpResponse) {
    return this.handler.run(
      request,
      response,
      { query: listStockParams, reads: LIST_STOCK_READS },
      ({ query, wanted }) => {
        const load = () => listStock(this.stores, query);
        // Only the first page of the low-stock list at the default size is hot enough to cache.
        const hot = query.lowStock === 'true' && !query.cursor && query.limit === DEFAULT_PAGE_SIZE;
        return this.hot && hot ? this.hot.lowStock(load, wanted) : load();
      },
    );
  }

  @Get(':sku')
  one(@Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpResponse) {
    return this.handler.run(
      request,
      response,
      { path: skuPath, reads: GET_STOCK_READS },
      ({ path, wanted }) => {
        const load = () => getStock(this.stores, path.sku);
        return this.hot ? this.hot.stock(path.sku, load, wanted) : load();
      },
      ({ sku }) =>
        new NotFoundError('SKU_NOT_FOUND', `No stock level for sku ${sku} in the read models (yet).`),
    );
  }

  @Get(':sku/movements')
  movements(@Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpResponse) {
    return this.handler.run(
      request,
      response,
      { path: skuPath, query: stockMovementsParams, reads: STOCK_MOVEMENTS_READS },
      ({ path, query }) => stockMovements(this.stores, path.sku, query),
    );
  }
}
