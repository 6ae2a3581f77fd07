import type { TopicRef } from '../handlers/event-types';
import type { SubscribeOptions } from './subscribe-options';
import { Subscription } from './subscription';

/**
 * Subscribes a consumer group to topics with a handler per event type, and starts it. Handlers are typed from the
 * generated events: a handler for an event that is not published on `topics` does not compile.
 *
 * @example
 * const subscription = await subscribe({
 *   group: 'loyalty',
 *   topics: ['shopstream.orders'],
 *   handlers: { OrderPaid: async (event, ctx) => award(event.orderId, event.amountMinor) },
 * });
 */
export async function subscribe<const Topics extends readonly TopicRef[]>(
  options: SubscribeOptions<Topics>,
): Promise<Subscription> {
  const subscription = new Subscription(options as unknown as SubscribeOptions<readonly TopicRef[]>);
  try {
    await subscription.start();
  } catch (error) {
    await subscription.stop();
    throw error;
  }
  return subscription;
}
