/**
 * Splits a refunded amount over order lines in proportion to their value, in whole minor units. Each share is
 * rounded down and the remainder goes to the most valuable line (the first of equals), so the shares always sum to
 * the amount exactly. BigInt because amount x line value can pass 2^53 for large orders.
 */
export function apportionRefund(amountMinor: number, lineValuesMinor: readonly number[]): number[] {
  if (lineValuesMinor.length === 0) return [];
  const largest = lineValuesMinor.reduce(
    (best, value, i) => (value > (lineValuesMinor[best] ?? 0) ? i : best),
    0,
  );
  const total = lineValuesMinor.reduce((sum, value) => sum + value, 0);
  const shares =
    total > 0
      ? lineValuesMinor.map((value) => Number((BigInt(amountMinor) * BigInt(value)) / BigInt(total)))
      : lineValuesMinor.map(() => 0);
  const remainder = amountMinor - shares.reduce((sum, share) => sum + share, 0);
  shares[largest] = (shares[largest] ?? 0) + remainder;
  return shares;
}
