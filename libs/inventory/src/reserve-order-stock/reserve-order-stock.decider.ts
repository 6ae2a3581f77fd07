import type { InventoryEvent } from '@shopstream/events';
import { metadataSequence, type EventContext } from '../event-context';
import { InvalidStockCommandError, StockInvariantError } from '../inventory.errors';
import { lowStockAfter } from '../low-stock/evaluate-low-stock';
import { availableOf, heldBy, type StockLevel } from '../stock-level';
import { indexLevels } from '../stock-levels';
import type { ReserveOrderStock, StockLine } from './reserve-order-stock.command';

/**
 * All or nothing: when every sku of the order has enough available, one StockReserved per sku; otherwise one
 * StockReservationFailed per short sku and no reservation at all, so a rejected order never strands units that
 * would have to be released. Low-stock alerts follow the quantity events. Callers decide the orders of one sku
 * one at a time (single writer per partition), passing the levels with the previous decisions folded in.
 * A redelivered command for an order that already holds exactly what it asks for emits nothing.
 */
export function reserveOrderStock(
  levels: readonly StockLevel[],
  command: ReserveOrderStock,
  ctx: EventContext,
): InventoryEvent[] {
  const needed = quantitiesPerSku(command);
  const levelOf = indexLevels('ReserveOrderStock', levels);
  const skus = [...needed.keys()];

  if (skus.some((sku) => heldBy(levelOf(sku), command.orderId) > 0)) {
    if (skus.every((sku) => heldBy(levelOf(sku), command.orderId) === needed.get(sku))) return [];
    throw new StockInvariantError(
      'STOCK_ORDER_ALREADY_RESERVED',
      skus.join(', '),
      `order ${command.orderId} already holds a different reservation; release it before reserving again`,
    );
  }

  const short = skus.filter((sku) => availableOf(levelOf(sku)) < (needed.get(sku) ?? 0));
  if (short.length > 0) {
    return short.map((sku) => {
      const level = levelOf(sku);
      return {
        type: 'shopstream.inventory.StockReservationFailed',
        metadata: metadataSequence(ctx, sku, level.version)(),
        sku,
        orderId: command.orderId,
        quantity: needed.get(sku) ?? 0,
        available: availableOf(level),
      };
    });
  }

  const reserved: InventoryEvent[] = skus.map((sku) => ({
    type: 'shopstream.inventory.StockReserved',
    metadata: metadataSequence(ctx, sku, levelOf(sku).version)(),
    sku,
    orderId: command.orderId,
    quantity: needed.get(sku) ?? 0,
  }));
  const alerts = skus.flatMap((sku, i) => lowStockAfter(levelOf(sku), reserved.slice(i, i + 1), ctx));
  return [...reserved, ...alerts];
}

function quantitiesPerSku(command: ReserveOrderStock): Map<string, number> {
  const problems: string[] = [];
  if (command.orderId.trim() === '') problems.push('orderId is empty');
  if (command.lines.length === 0) problems.push('an order needs at least one line');
  command.lines.forEach((line: StockLine, i) => {
    if (line.sku.trim() === '') problems.push(`line ${i + 1}: sku is empty`);
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) {
      problems.push(`line ${i + 1} (${line.sku}): quantity ${line.quantity} must be a positive integer`);
    }
  });
  if (problems.length > 0) throw new InvalidStockCommandError('ReserveOrderStock', problems);

  const needed = new Map<string, number>();
  for (const line of command.lines) needed.set(line.sku, (needed.get(line.sku) ?? 0) + line.quantity);
  return needed;
}
