import type { OrderPlaced } from '@shopstream/events';
import { metadataSequence, type EventContext } from '../event-context';
import { InvalidOrderError } from '../orders.errors';
import type { PlaceOrder } from './place-order.command';

const CURRENCY = /^[A-Z]{3}$/;

/** Places a new order; the dispatcher has already checked that the id is free. */
export function decidePlaceOrder(command: PlaceOrder, ctx: EventContext): [OrderPlaced] {
  const problems = validate(command);
  if (problems.length > 0) throw new InvalidOrderError(command.type, problems);

  const subtotalMinor = command.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceMinor, 0);
  const totals = {
    subtotalMinor,
    shippingMinor: command.shippingMinor,
    taxMinor: command.taxMinor,
    totalMinor: subtotalMinor + command.shippingMinor + command.taxMinor,
  };
  if (!Number.isSafeInteger(totals.totalMinor)) {
    throw new InvalidOrderError(command.type, [`total ${totals.totalMinor} is too large to be exact`]);
  }
  const metadata = metadataSequence(ctx, command.orderId, 0);
  return [
    {
      type: 'shopstream.orders.OrderPlaced',
      metadata: metadata(),
      orderId: command.orderId,
      customerId: command.customerId,
      currency: command.currency,
      lines: command.lines,
      totals,
      shippingAddress: command.shippingAddress,
      channel: command.channel,
    },
  ];
}

function validate(command: PlaceOrder): string[] {
  const problems: string[] = [];
  if (command.orderId.trim() === '') problems.push('orderId is empty');
  if (command.customerId.trim() === '') problems.push('customerId is empty');
  if (!CURRENCY.test(command.currency))
    problems.push(`currency '${command.currency}' is not an ISO 4217 code`);
  if (command.lines.length === 0) problems.push('an order needs at least one line');
  command.lines.forEach((line, i) => {
    if (line.sku.trim() === '') problems.push(`line ${i + 1}: sku is empty`);
    if (!Number.isInteger(line.quantity) || line.quantity <= 0) {
      problems.push(`line ${i + 1} (${line.sku}): quantity ${line.quantity} must be a positive integer`);
    }
    if (!isMinorAmount(line.unitPriceMinor)) {
      problems.push(
        `line ${i + 1} (${line.sku}): unitPriceMinor ${line.unitPriceMinor} must be an integer >= 0`,
      );
    }
  });
  if (!isMinorAmount(command.shippingMinor)) problems.push('shippingMinor must be an integer >= 0');
  if (!isMinorAmount(command.taxMinor)) problems.push('taxMinor must be an integer >= 0');
  return problems;
}

function isMinorAmount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}
