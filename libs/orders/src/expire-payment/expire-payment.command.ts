/** No payment arrived within the configured time. */
export interface ExpirePayment {
  readonly type: 'ExpirePayment';
  readonly orderId: string;
}
