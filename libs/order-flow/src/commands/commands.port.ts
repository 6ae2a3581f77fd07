import type {
  Address,
  AdjustmentReason,
  CancellationReason,
  CancelledBy,
  OrderLine,
  SalesChannel,
} from '@shopstream/events';
import type { EventPosition } from '../outbox/event-position';
import type { PaymentStatus } from './record-payment/record-capture';

export type { EventPosition } from '../outbox/event-position';

/** Who asks, and how a retry is recognised. */
export interface RequestMeta {
  /** The client's Idempotency-Key header; null when absent (no replay protection). */
  readonly idempotencyKey: string | null;
  /** A hash of method, path and body: the same key with another hash is refused (IdempotencyConflictError). */
  readonly requestHash: string;
  readonly correlationId: string;
}

/** A command's answer, given only after Kafka acknowledged every event it emitted (acks=all). */
export interface CommandOutcome<R> {
  readonly result: R;
  readonly events: readonly EventPosition[];
  /** True when this answer is the stored one of an earlier request with the same Idempotency-Key. */
  readonly replayed: boolean;
}

export interface PlaceOrderInput {
  readonly customerId: string;
  readonly currency: string;
  readonly lines: readonly OrderLine[];
  readonly shippingAddress: Address;
  readonly channel?: SalesChannel;
}

export type PaymentWebhook =
  | {
      readonly kind: 'authorized' | 'captured' | 'refunded';
      readonly orderId: string;
      readonly paymentId: string;
      readonly amountMinor: number;
      readonly currency: string;
    }
  | {
      readonly kind: 'failed';
      readonly orderId: string;
      readonly paymentId: string;
      readonly amountMinor: number;
      readonly currency: string;
      readonly failureCode: string;
      readonly message: string | null;
    };

/**
 * What the commerce API asks of the shop. Each call locks the aggregate's row in PostgreSQL, decides with the pure
 * domain libs, stores the new state and the events (transactional outbox) in one transaction, and resolves once the
 * relay has published them. Errors: the domain's typed errors (ORDER_NOT_FOUND, ORDER_ILLEGAL_TRANSITION with the
 * current status, ORDER_INVALID, STOCK_*), IdempotencyConflictError, and EventsNotPublishedError /
 * RegistryUnavailableError when Kafka or the registry can't take the events (the API answers 503).
 */
export interface OrderFlowCommandPort {
  placeOrder(
    input: PlaceOrderInput,
    meta: RequestMeta,
  ): Promise<CommandOutcome<{ orderId: string; status: 'PENDING' }>>;
  cancelOrder(
    orderId: string,
    input: { by: CancelledBy; reason: CancellationReason },
    meta: RequestMeta,
  ): Promise<CommandOutcome<{ orderId: string; status: string }>>;
  /**
   * A capture is recorded on the order in the same transaction (a confirmed order is PAID at once); one for an
   * order that can no longer take it is accepted and refunded (status REFUNDED); a wrong amount or currency throws
   * PaymentMismatchError before anything is written.
   */
  recordPayment(
    webhook: PaymentWebhook,
    meta: RequestMeta,
  ): Promise<CommandOutcome<{ paymentId: string; status: PaymentStatus }>>;
  createShipment(
    orderId: string,
    meta: RequestMeta,
  ): Promise<CommandOutcome<{ shipmentId: string; orderId: string }>>;
  dispatchShipment(
    shipmentId: string,
    input: { carrier: string; trackingNumber: string },
    meta: RequestMeta,
  ): Promise<CommandOutcome<{ shipmentId: string; status: 'DISPATCHED' }>>;
  deliverShipment(
    shipmentId: string,
    meta: RequestMeta,
  ): Promise<CommandOutcome<{ shipmentId: string; status: 'DELIVERED' }>>;
  returnShipment(
    shipmentId: string,
    input: { reason: string | null },
    meta: RequestMeta,
  ): Promise<CommandOutcome<{ shipmentId: string; status: 'RETURNED' }>>;
  receiveStock(
    sku: string,
    input: { quantity: number },
    meta: RequestMeta,
  ): Promise<CommandOutcome<StockView>>;
  adjustStock(
    sku: string,
    input: { delta: number; reason: AdjustmentReason; note: string | null },
    meta: RequestMeta,
  ): Promise<CommandOutcome<StockView>>;
  setThreshold(
    sku: string,
    input: { threshold: number },
    meta: RequestMeta,
  ): Promise<CommandOutcome<StockView>>;
}

export interface StockView {
  readonly sku: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
  readonly threshold: number | null;
}
