import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import {
  FUNNEL_REPORT_READS,
  funnelReportParams,
  funnelReportQuery,
  ReadStores,
  SALES_REPORT_READS,
  salesReportParams,
  salesReportQuery,
  TOP_PRODUCTS_READS,
  topProductsParams,
  topProductsReport,
  TOP_SEARCHES_READS,
  topSearchesParams,
  topSearchesReport,
} from '@shopstream/queries';
import type { HttpRequest, HttpResponse } from '../http/http-request';
import { QueryHandler } from '../http/query-handler';
import { READ_STORES } from '../query-api.tokens';
import { Requires } from '@shopstream/http';
import { SCOPES_OF } from '../access/route-access';

@Controller('reports')
@Requires(SCOPES_OF.reports)
export class ReportsController {
  constructor(
    @Inject(QueryHandler) private readonly handler: QueryHandler,
    @Inject(READ_STORES) private readonly stores: ReadStores,
  ) {}

  @Get('sales')
  sales(@Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpResponse) {
    return this.handler.run(
      request,
      response,
      { query: salesReportParams, reads: SALES_REPORT_READS },
      ({ query }) => salesReportQuery(this.stores, query),
    );
  }

  @Get('top-products')
  topProducts(@Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpResponse) {
    return this.handler.run(
      request,
      response,
      { query: topProductsParams, reads: TOP_PRODUCTS_READS },
      ({ query }) => topProductsReport(this.stores, query),
    );
  }

  @Get('funnel')
  funnel(@Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpResponse) {
    return this.handler.run(
      request,
      response,
      { query: funnelReportParams, reads: FUNNEL_REPORT_READS },
      ({ query }) => funnelReportQuery(this.stores, query),
    );
  }

  @Get('top-searches')
  topSearches(@Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpResponse) {
    return this.handler.run(
      request,
      response,
      { query: topSearchesParams, reads: TOP_SEARCHES_READS },
      ({ query }) => topSearchesReport(this.stores, query),
    );
  }
}
