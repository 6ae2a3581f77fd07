/** Stock was reserved for every line of the order. */
export interface ConfirmOrder {
  readonly type: 'ConfirmOrder';
  readonly orderId: string;
}
