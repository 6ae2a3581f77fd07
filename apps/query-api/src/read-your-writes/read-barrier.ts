import { Inject, Injectable } from '@nestjs/common';
import {
  liveInstanceOf,
  PositionWaiter,
  PositionWaitResult,
  PositionWaitSaturatedError,
  Projection,
  WantedPosition,
} from '@shopstream/projections';
import type { IncomingMessage } from 'node:http';
import { QueryMetrics } from '../metrics/query-metrics';
import { QueryApiConfig } from '../query-api.config';
import { POSITION_WAITER, QUERY_API_CONFIG } from '../query-api.tokens';
import { ReadModelBehindError } from './read-behind.errors';
import { ReadPosition } from './read-position';

/** Says that a query with a position reflects it. */
export const READ_CONSISTENCY_HEADER = 'Read-Consistency';

/**
 * Holds a query until the read models it reads have applied the client's positions: only the projections that read
 * a position's topic wait for it (a stock event never holds up an order query). A client that disconnects stops
 * waiting.
 */
@Injectable()
export class ReadBarrier {
  constructor(
    @Inject(POSITION_WAITER) private readonly waiter: PositionWaiter,
    @Inject(QUERY_API_CONFIG) private readonly config: QueryApiConfig,
    @Inject(QueryMetrics) private readonly metrics: QueryMetrics,
  ) {
    metrics.watchWaiting(() => waiter.waiting);
  }

  async awaitReads(
    position: ReadPosition | null,
    reads: readonly Projection[],
    request: IncomingMessage,
    response: { header(name: string, value: string): unknown },
  ): Promise<void> {
    if (position === null) return;
    const wanted = this.wanted(position, reads);
    const started = Date.now();
    let result: PositionWaitResult;
    if (position.waitMs === 0) result = await this.waiter.appliedNow(wanted);
    else {
      const abort = new AbortController();
      const onClose = () => abort.abort();
      request.once('close', onClose);
      try {
        result = await this.waiter.waitUntilApplied(wanted, {
          timeoutMs: position.waitMs,
          signal: abort.signal,
        });
      } catch (error) {
        if (error instanceof PositionWaitSaturatedError) this.metrics.waitRefused.inc();
        throw error;
      } finally {
        request.off('close', onClose);
      }
    }
    this.metrics.readWait.observe(
      { outcome: result.applied ? 'applied' : 'behind' },
      (Date.now() - started) / 1000,
    );
    if (!result.applied) throw new ReadModelBehindError(result.behind, Date.now() - started);
    response.header(READ_CONSISTENCY_HEADER, 'caught-up');
  }

  /** The checkpoints a query reading `reads` must have passed for `position`: its projections' slots only. */
  wanted(position: ReadPosition, reads: readonly Projection[]): WantedPosition[] {
    const wanted: WantedPosition[] = [];
    for (const projection of reads) {
      const target = liveInstanceOf(projection, this.config.namespace);
      for (const p of position.positions)
        if (target.topics.includes(p.topic))
          wanted.push({ projection: target.name, topic: p.topic, partition: p.partition, offset: p.offset });
    }
    return wanted;
  }
}
