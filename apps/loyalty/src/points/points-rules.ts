/** One point per whole unit of currency paid; a refund takes back the points of the amount refunded. */
export function pointsForPayment(amountMinor: number): number {
  return Math.floor(amountMinor / 100);
}

export function pointsForRefund(amountMinor: number): number {
  return -Math.floor(amountMinor / 100);
}
