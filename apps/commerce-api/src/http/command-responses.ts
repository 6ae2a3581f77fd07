import type { StockView } from '@shopstream/order-flow';
import type { ConsistencyToken } from './consistency-token';

/** The answer of a shipment step (dispatch, deliver, return). */
export interface ShipmentStepResponse {
  readonly shipmentId: string;
  readonly status: 'DISPATCHED' | 'DELIVERED' | 'RETURNED';
  readonly consistencyToken: ConsistencyToken | null;
}

/** The answer of every stock command: the level after it, and where its event is. */
export interface StockResponse extends StockView {
  readonly consistencyToken: ConsistencyToken | null;
}
