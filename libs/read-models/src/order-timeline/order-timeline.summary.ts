import { ProjectionInvariantError } from '@shopstream/projections';
import { OrderTimelineEvent } from './order-timeline.events';

/** Minor units as a decimal amount in the currency's own precision, e.g. 5997 EUR → "59.97 EUR", 500 JPY → "500 JPY". */
export function formatMoney(minor: number, currency: string): string {
  const digits = fractionDigits(currency);
  return `${(minor / 10 ** digits).toFixed(digits)} ${currency}`;
}

/** Building an Intl.NumberFormat costs more than the rest of a batch's formatting: once per currency. */
const digitsOf = new Map<string, number>();
function fractionDigits(currency: string): number {
  let digits = digitsOf.get(currency);
  if (digits === undefined) {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2;
    digitsOf.set(currency, digits);
  }
  return digits;
}

const withDetail = (text: string, detail: string | null) => (detail ? `${text} (${detail})` : text);

/** One line a person reads in an order's history. */
export function summarize(event: OrderTimelineEvent): string {
  switch (event.type) {
    case 'shopstream.orders.OrderPlaced': {
      const items = event.lines.reduce((sum, line) => sum + line.quantity, 0);
      return `Placed by ${event.customerId} via ${event.channel}: ${items} items, ${formatMoney(event.totals.totalMinor, event.currency)}`;
    }
    case 'shopstream.orders.OrderConfirmed':
      return 'Confirmed: stock reserved for every line';
    case 'shopstream.orders.OrderRejected':
      return withDetail(`Rejected: ${event.reason}`, event.detail);
    case 'shopstream.orders.OrderPaid':
      return `Paid ${formatMoney(event.amountMinor, event.currency)} (payment ${event.paymentId})`;
    case 'shopstream.orders.OrderShipped':
      return `Shipped with ${event.carrier}, tracking ${event.trackingNumber}`;
    case 'shopstream.orders.OrderDelivered':
      return `Delivered (shipment ${event.shipmentId})`;
    case 'shopstream.orders.OrderCancelled':
      return `Cancelled by ${event.cancelledBy}: ${event.reason}${event.refundDue ? ', refund due' : ''}`;
    case 'shopstream.orders.OrderRefunded':
      return withDetail(`Refunded ${formatMoney(event.amountMinor, event.currency)}`, event.reason);
    case 'shopstream.payments.PaymentAuthorized':
      return `Payment ${event.paymentId} authorized for ${formatMoney(event.amountMinor, event.currency)}`;
    case 'shopstream.payments.PaymentCaptured':
      return `Payment ${event.paymentId} captured ${formatMoney(event.amountMinor, event.currency)}`;
    case 'shopstream.payments.PaymentFailed':
      return withDetail(`Payment ${event.paymentId} failed: ${event.failureCode}`, event.message);
    case 'shopstream.payments.PaymentRefunded':
      return `Payment ${event.paymentId} refunded ${formatMoney(event.amountMinor, event.currency)}`;
    case 'shopstream.shipments.ShipmentCreated':
      return `Shipment ${event.shipmentId} created to ${event.address.city}, ${event.address.country}`;
    case 'shopstream.shipments.ShipmentDispatched':
      return `Shipment ${event.shipmentId} dispatched with ${event.carrier}, tracking ${event.trackingNumber}`;
    case 'shopstream.shipments.ShipmentDelivered':
      return `Shipment ${event.shipmentId} delivered`;
    case 'shopstream.shipments.ShipmentReturned':
      return withDetail(`Shipment ${event.shipmentId} returned`, event.reason);
    case 'shopstream.inventory.StockReserved':
      return `${event.quantity} x ${event.sku} reserved`;
    case 'shopstream.inventory.StockReservationFailed':
      return `${event.quantity} x ${event.sku} not reserved: ${event.available} available`;
    case 'shopstream.inventory.StockReleased':
      return `${event.quantity} x ${event.sku} released`;
    case 'shopstream.inventory.StockCommitted':
      return `${event.quantity} x ${event.sku} committed`;
    default: {
      const unreachable: never = event;
      throw new ProjectionInvariantError(
        `order_timeline does not handle ${(unreachable as { type: string }).type}`,
      );
    }
  }
}
