export interface DeliverOrder {
  readonly type: 'DeliverOrder';
  readonly orderId: string;
  readonly shipmentId: string;
}
