import { randomUUID } from 'node:crypto';
import * as orders from '@shopstream/orders';
import type { CommandWork } from '../command-runner';
import type { PlaceOrderInput } from '../commands.port';
import { shippingFor } from './shipping';

/** A new order, PENDING until the processor has reserved its stock; the shop decides its shipping charge. */
export function placeOrder(input: PlaceOrderInput): CommandWork<{ orderId: string; status: 'PENDING' }> {
  return async ({ stores, ctx }) => {
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
    await stores.orders.save([orders.evolveAll(events as orders.OrderEvent[])!]);
    return { result: { orderId, status: 'PENDING' as const }, events };
  };
}
