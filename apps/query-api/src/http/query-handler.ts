import { Inject, Injectable } from '@nestjs/common';
import { ORDERS_TOPIC } from '@shopstream/events';
import { Projection, WantedPosition } from '@shopstream/projections';
import { z } from 'zod';
import { ReadBarrier } from '../read-your-writes/read-barrier';
import { MIN_POSITION_HEADER, readPosition } from '../read-your-writes/read-position';
import { QueryApiConfig } from '../query-api.config';
import { QUERY_API_CONFIG } from '../query-api.tokens';
import { headerValue, HttpRequest, HttpResponse } from './http-request';
import { parseParams, unknownParameters } from './parse-request';
import { NotFoundError } from '@shopstream/http';

/** What one endpoint reads and how its parameters look. */
export interface QuerySpec<P extends z.ZodType, Q extends z.ZodType> {
  /** Path parameters, named as the route names them. */
  readonly path?: P;
  /** Query parameters other than the position's (`after`, `waitMs`). */
  readonly query?: Q;
  /** The projections whose read models the query reads: the ones a position waits for. */
  readonly reads: readonly Projection[];
}

/**
 * The steps every query shares: parse every parameter (one 400 naming all invalid ones), wait for the client's
 * position, run the query, and turn "not there" into a 404 that says what was not found.
 */
@Injectable()
export class QueryHandler {
  constructor(
    @Inject(ReadBarrier) private readonly barrier: ReadBarrier,
    @Inject(QUERY_API_CONFIG) private readonly config: QueryApiConfig,
  ) {}

  async run<P extends z.ZodType, Q extends z.ZodType, T>(
    request: HttpRequest,
    response: HttpResponse,
    spec: QuerySpec<P, Q>,
    /** `wanted`: what a query with a position must reflect (null without one), for a cache to answer it. */
    query: (params: {
      path: z.infer<P>;
      query: z.infer<Q>;
      wanted: readonly WantedPosition[] | null;
    }) => Promise<T | null>,
    notFound?: (path: z.infer<P>) => NotFoundError,
  ): Promise<T> {
    const { after, waitMs, ...rest } = request.query;
    const { position, problems } = readPosition(headerValue(request, MIN_POSITION_HEADER), after, waitMs, {
      defaultTopic: ORDERS_TOPIC,
      defaultWaitMs: this.config.wait.defaultMs,
      maxWaitMs: this.config.wait.maxMs,
    });
    const params = parseParams(
      spec.path ? { schema: spec.path, value: { ...request.params } } : null,
      spec.query ? { schema: spec.query, value: rest } : null,
      [...problems, ...unknownParameters(spec.query, rest)],
    );
    await this.barrier.awaitReads(position, spec.reads, request.raw, response);
    const wanted = position === null ? null : this.barrier.wanted(position, spec.reads);
    const answer = await query({ ...params, wanted });
    if (answer === null) {
      if (!notFound) throw new Error('a query that can find nothing must say what its 404 is');
      throw notFound(params.path);
    }
    return answer;
  }
}
