import * as orders from '@shopstream/orders';
import type { CommandWork } from '../command-runner';

export interface CancelOrderInput {
  readonly by: orders.CancelOrder['by'];
  readonly reason: orders.CancelOrder['reason'];
}

/** Cancels an order its status still allows to be cancelled; the processor then releases its stock. */
export function cancelOrder(
  orderId: string,
  input: CancelOrderInput,
): CommandWork<{ orderId: string; status: string }> {
  return async ({ stores, ctx }) => {
    const state = await stores.orders.lockOne(orderId);
    const events = orders.decide(
      state,
      { type: 'CancelOrder', orderId, by: input.by, reason: input.reason },
      ctx,
    );
    const next = orders.evolveAll(events as orders.OrderEvent[], state)!;
    await stores.orders.save([next]);
    return { result: { orderId, status: next.status }, events };
  };
}
