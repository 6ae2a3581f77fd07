import { SqlExecutor } from '@shopstream/database';
import { INVENTORY_TOPIC, ORDERS_TOPIC } from '@shopstream/events';
import {
  EventsNotPublishedError,
  ORDER_FLOW_INSTANCE,
  OutboxStore,
  PublicationWaiter,
} from '@shopstream/order-flow';
import { PositionWaiter, WantedPosition } from '@shopstream/projections';
import { ReadToken } from './read-token';

/** The read models an order's view is made of: both must have applied an orders token. */
export const ORDER_VIEW_READ_MODELS = ['order_summary', 'order_lines'] as const;

const inViewAt = (position: { topic: string; partition: number; offset: bigint }): WantedPosition[] =>
  ORDER_VIEW_READ_MODELS.map((projection) => ({ projection, ...position }));

/**
 * Waits, on the process's shared PositionWaiter, until an order's view reflects the events of a command's token,
 * within one limit for the whole request. An orders event is in the view once both its read models applied it. A
 * payment or shipment event reaches the view through the processor: once the processor applied it, its reaction
 * (the order's last orders event in the outbox) is waited for in turn, at the position the relay published it at.
 * A stock event never changes an order's view.
 */
export class OrderViewWait {
  constructor(
    private readonly waiter: PositionWaiter,
    private readonly publications: PublicationWaiter,
    private readonly sql: SqlExecutor,
    private readonly limitMs: number,
  ) {}

  /** True once the view reflects every token; false when the limit ran out first. */
  async reflects(orderId: string, tokens: readonly ReadToken[]): Promise<boolean> {
    const deadline = Date.now() + this.limitMs;
    const left = () => Math.max(0, deadline - Date.now());
    const wanted: WantedPosition[] = [];
    let viaProcessor = false;
    for (const token of tokens) {
      if (token.topic === INVENTORY_TOPIC) continue;
      if (token.topic === ORDERS_TOPIC) wanted.push(...inViewAt(token));
      else {
        viaProcessor = true;
        wanted.push({ projection: ORDER_FLOW_INSTANCE.name, ...token });
      }
    }
    if (!(await this.waiter.waitUntilApplied(wanted, { timeoutMs: left() })).applied) return false;
    if (!viaProcessor) return true;
    const reaction = await new OutboxStore(this.sql).lastRowOf(orderId, ORDERS_TOPIC);
    if (reaction === null) return true;
    let published;
    try {
      [published] = await this.publications.waitFor([reaction], left());
    } catch (error) {
      if (error instanceof EventsNotPublishedError) return false;
      throw error;
    }
    const at = {
      topic: published!.topic,
      partition: published!.partition,
      offset: BigInt(published!.offset),
    };
    return (await this.waiter.waitUntilApplied(inViewAt(at), { timeoutMs: left() })).applied;
  }
}
