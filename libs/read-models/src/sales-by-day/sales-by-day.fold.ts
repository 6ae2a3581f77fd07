import { SaleFact } from '../sales-by-product-hour/sales-facts.fold';

export interface SalesDayChange {
  /** UTC calendar day, YYYY-MM-DD. */
  day: string;
  currency: string;
  ordersPaid: number;
  units: number;
  grossMinor: number;
  refundsMinor: number;
}

/** Sums sales facts per (UTC day, currency): a payment in the day it was paid, a refund in the day it was made. */
export function sumSalesDays(facts: readonly SaleFact[]): SalesDayChange[] {
  const changes = new Map<string, SalesDayChange>();
  for (const fact of facts) {
    const day = new Date(fact.at).toISOString().slice(0, 10);
    const key = `${day}\u0000${fact.currency}`;
    let change = changes.get(key);
    if (!change) {
      change = { day, currency: fact.currency, ordersPaid: 0, units: 0, grossMinor: 0, refundsMinor: 0 };
      changes.set(key, change);
    }
    for (const line of fact.lines) {
      change.units += line.units;
      change.grossMinor += line.revenueMinor;
    }
    if (fact.kind === 'PAID') change.ordersPaid += 1;
    else change.refundsMinor += fact.amountMinor;
  }
  return [...changes.values()];
}
