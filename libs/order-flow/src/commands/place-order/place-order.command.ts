import { randomUUID } from 'node:crypto';
import { ShopstreamEvent } from '@shopstream/events';
import * as orders from '@shopstream/orders';
import type { CommandWork } from '../command-runner';
import type { PlaceOrderInput } from '../commands.port';
import { shippingFor } from './shipping';

export interface PlacedOrder {
  readonly result: { orderId: string; status: 'PENDING' };
  readonly events: readonly ShopstreamEvent[];
  readonly state: orders.OrderState;
}

/**
 * The decision alone: a new order reads nothing, so it is decided in memory and only written afterwards, which lets
 * many of them be written together (see place-orders-together.ts). Throws the domain's error for an invalid order.
 */
export function decidePlaceOrder(input: PlaceOrderInput, ctx: orders.EventContext): PlacedOrder {
  const orderId = randomUUID();
  const subtotal = input.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
  const events = orders.decide(
    null,
    {
      type: 'PlaceOrder',
      orderId,
      customerId: input.customerId,
      currency: input.currency,
      lines: input.lines,
      shippingAddress: input.shippingAddress,
      channel: input.channel ?? 'WEB',
      shippingMinor: shippingFor(subtotal),
      taxMinor: 0,
    },
    ctx,
  );
  return {
    result: { orderId, status: 'PENDING' as const },
    events,
    state: orders.evolveAll(events as orders.OrderEvent[])!,
  };
}

/** A new order, PENDING until the processor has reserved its stock; the shop decides its shipping charge. */
export function placeOrder(input: PlaceOrderInput): CommandWork<{ orderId: string; status: 'PENDING' }> {
  return async ({ stores, ctx }) => {
    const { result, events, state } = decidePlaceOrder(input, ctx);
    await stores.orders.save([state]);
    return { result, events };
  };
}
