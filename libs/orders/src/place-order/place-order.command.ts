import type { Address, OrderLine, SalesChannel } from '@shopstream/events';

export interface PlaceOrder {
  readonly type: 'PlaceOrder';
  readonly orderId: string;
  readonly customerId: string;
  /** ISO 4217, e.g. EUR. */
  readonly currency: string;
  readonly lines: readonly OrderLine[];
  readonly shippingAddress: Address;
  readonly channel: SalesChannel;
  readonly shippingMinor: number;
  readonly taxMinor: number;
}
