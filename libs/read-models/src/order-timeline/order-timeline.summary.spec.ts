import { eventMetadata } from '@shopstream/projections/testing';
import { OrderTimelineEvent } from './order-timeline.events';
import { formatMoney, summarize } from './order-timeline.summary';

const meta = eventMetadata('o-1');

describe('order timeline summary', () => {
  it('given a payment, says how much in the currency its precision', () => {
    const paid: OrderTimelineEvent = {
      type: 'shopstream.orders.OrderPaid',
      metadata: meta,
      orderId: 'o-1',
      amountMinor: 5_997,
      currency: 'EUR',
      paymentId: 'p-1',
    };
    expect(summarize(paid)).toBe('Paid 59.97 EUR (payment p-1)');
  });

  it('names the stock moved for an order', () => {
    const committed: OrderTimelineEvent = {
      type: 'shopstream.inventory.StockCommitted',
      metadata: meta,
      sku: 'SKU-1',
      orderId: 'o-1',
      quantity: 2,
    };
    expect(summarize(committed)).toBe('2 x SKU-1 committed');
  });

  it('leaves out a detail a returned shipment does not give', () => {
    const returned: OrderTimelineEvent = {
      type: 'shopstream.shipments.ShipmentReturned',
      metadata: meta,
      orderId: 'o-1',
      shipmentId: 's-1',
      reason: null,
    };
    expect(summarize(returned)).toBe('Shipment s-1 returned');
  });

  it('formats a currency without minor units as it is', () => {
    expect(formatMoney(500, 'JPY')).toBe('500 JPY');
  });
});
