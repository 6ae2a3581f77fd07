export interface ReleaseOrderStock {
  /** The order whose reservations are given back (cancelled or rejected). */
  readonly orderId: string;
}
