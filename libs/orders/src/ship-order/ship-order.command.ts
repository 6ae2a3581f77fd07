export interface ShipOrder {
  readonly type: 'ShipOrder';
  readonly orderId: string;
  readonly shipmentId: string;
  readonly carrier: string;
  readonly trackingNumber: string;
}
