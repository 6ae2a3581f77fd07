export interface CommitOrderStock {
  /** The order whose reserved units leave the warehouse with its shipment. */
  readonly orderId: string;
}
