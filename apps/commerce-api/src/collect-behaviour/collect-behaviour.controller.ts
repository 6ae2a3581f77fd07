import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import type { BehaviourEvent } from '@shopstream/events';
import type { RequestMeta } from '@shopstream/order-flow';
import { CommandMeta } from '../idempotency/request-meta.decorator';
import { ApiMetrics } from '../metrics/api-metrics';
import { safeParseRequest } from '../validation/parse-request';
import { FieldProblem } from '@shopstream/http';
import { ZodBodyPipe } from '../validation/zod.pipe';
import { BehaviourPublisher } from '../behaviour-producer/behaviour-publisher';
import { behaviourBatchRequest, behaviourEventRequest } from './collect-behaviour.request';
import { toBehaviourEvent } from './to-behaviour-event';
import { Requires } from '@shopstream/http';
import { SCOPES_OF } from '../access/route-access';

export interface CollectBehaviourResponse {
  readonly accepted: number;
  readonly rejected: readonly { readonly index: number; readonly errors: readonly FieldProblem[] }[];
}

/** The codec words its problems as `path: message`. */
function codecProblem(problem: string): FieldProblem {
  const at = problem.indexOf(': ');
  return at > 0
    ? { field: problem.slice(0, at), message: problem.slice(at + 2) }
    : { field: '(event)', message: problem };
}

@Controller('behaviour')
@Requires(SCOPES_OF.behaviour)
export class CollectBehaviourController {
  constructor(
    @Inject(BehaviourPublisher) private readonly publisher: BehaviourPublisher,
    @Inject(ApiMetrics) private readonly metrics: ApiMetrics,
  ) {}

  /**
   * Partial acceptance: valid events are produced, invalid ones reported by index. 200 only once Kafka acknowledged
   * every accepted event; when Kafka or the registry is down the batch fails with 503 and the client resends it
   * (at least once: part of a failed batch may have been written).
   */
  @Post('events')
  @HttpCode(200)
  async collect(
    @Body(new ZodBodyPipe(behaviourBatchRequest)) batch: unknown[],
    @CommandMeta() meta: RequestMeta,
  ): Promise<CollectBehaviourResponse> {
    const now = Date.now();
    const valid: { index: number; event: BehaviourEvent }[] = [];
    const rejected: { index: number; errors: FieldProblem[] }[] = [];
    batch.forEach((item, index) => {
      const parsed = safeParseRequest(behaviourEventRequest, item);
      if (parsed.ok) valid.push({ index, event: toBehaviourEvent(parsed.value, meta.correlationId, now) });
      else rejected.push({ index, errors: parsed.problems });
    });
    const published = await this.publisher.publish(valid);
    for (const r of published.rejected)
      rejected.push({ index: r.index, errors: r.problems.map(codecProblem) });
    rejected.sort((a, b) => a.index - b.index);
    this.metrics.behaviourEvents.inc({ outcome: 'accepted' }, published.accepted);
    this.metrics.behaviourEvents.inc({ outcome: 'rejected' }, rejected.length);
    return { accepted: published.accepted, rejected };
  }
}
