import { OrderPlaced } from '@shopstream/events';
import { ProjectedEvent, ProjectionInvariantError } from '@shopstream/projections';

/**
 * The placements whose lines a batch writes: an order's lines come from its latest placement only, so a second
 * OrderPlaced (new event id) replaces them.
 */
export function foldOrderLines(batch: readonly ProjectedEvent<OrderPlaced>[]): OrderPlaced[] {
  const latest = new Map<string, OrderPlaced>();
  for (const { event } of batch) {
    switch (event.type) {
      case 'shopstream.orders.OrderPlaced':
        latest.set(event.orderId, event);
        break;
      default: {
        const unreachable: never = event.type;
        throw new ProjectionInvariantError(`order_lines does not handle ${String(unreachable)}`);
      }
    }
  }
  return [...latest.values()];
}
