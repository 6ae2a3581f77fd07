export interface RefundOrder {
  readonly type: 'RefundOrder';
  readonly orderId: string;
  readonly amountMinor: number;
  readonly reason: string | null;
}
