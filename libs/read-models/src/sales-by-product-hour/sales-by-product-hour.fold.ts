import { SaleFact } from './sales-facts.fold';

export interface ProductHourChange {
  sku: string;
  /** ISO instant of the UTC hour's start. */
  hour: string;
  currency: string;
  units: number;
  revenueMinor: number;
  orders: number;
  refundedMinor: number;
}

const HOUR_MS = 3_600_000;
const hourOf = (at: number) => new Date(Math.floor(at / HOUR_MS) * HOUR_MS).toISOString();

/** Sums sales facts per (sku, hour, currency); a paid order counts once per sku even with several lines of it. */
export function sumProductHours(facts: readonly SaleFact[]): ProductHourChange[] {
  const changes = new Map<string, ProductHourChange>();
  for (const fact of facts) {
    const hour = hourOf(fact.at);
    const countedSkus = new Set<string>();
    for (const line of fact.lines) {
      const key = `${line.sku}\u0000${hour}\u0000${fact.currency}`;
      let change = changes.get(key);
      if (!change) {
        change = {
          sku: line.sku,
          hour,
          currency: fact.currency,
          units: 0,
          revenueMinor: 0,
          orders: 0,
          refundedMinor: 0,
        };
        changes.set(key, change);
      }
      change.units += line.units;
      change.revenueMinor += line.revenueMinor;
      change.refundedMinor += line.refundedMinor;
      if (fact.kind === 'PAID' && !countedSkus.has(line.sku)) {
        countedSkus.add(line.sku);
        change.orders += 1;
      }
    }
  }
  return [...changes.values()];
}
