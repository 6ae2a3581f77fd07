/** The Idempotency-Key was used before with a different request (the API answers 422). */
export class IdempotencyConflictError extends Error {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor(key: string) {
    super(
      `Idempotency-Key "${key}" was already used for a different request; use a new key for a new request.`,
    );
    this.name = 'IdempotencyConflictError';
  }
}

/** The first request with this Idempotency-Key is still being processed (the API answers 409 with Retry-After). */
export class IdempotencyInProgressError extends Error {
  readonly code = 'IDEMPOTENCY_KEY_IN_PROGRESS';
  constructor(key: string) {
    super(`A request with Idempotency-Key "${key}" is still in progress; retry shortly.`);
    this.name = 'IdempotencyInProgressError';
  }
}

/**
 * The command is committed and its events are stored (they will be published), but Kafka has not acknowledged them
 * in time: the API answers 503 with Retry-After. A retry with the same Idempotency-Key returns the stored answer
 * once they are out; a retry without one runs the command again, so the message says so when no key was sent.
 */
export class EventsNotPublishedError extends Error {
  readonly code = 'EVENTS_NOT_PUBLISHED';
  constructor(
    readonly waitedMs: number,
    readonly keyed = true,
  ) {
    super(
      `Kafka did not acknowledge the events within ${waitedMs} ms; the command is committed and its events will be published. ` +
        (keyed
          ? 'Retry with the same Idempotency-Key to get its answer; do not send it under a new key.'
          : 'Do not retry this request as it was: without an Idempotency-Key a retry runs the command again. ' +
            'Send an Idempotency-Key with every command so that retries are safe.'),
    );
    this.name = 'EventsNotPublishedError';
  }
}

/** No such shipment (404). */
export class ShipmentNotFoundError extends Error {
  readonly code = 'SHIPMENT_NOT_FOUND';
  constructor(shipmentId: string) {
    super(`Shipment ${shipmentId} does not exist; create one with POST /shipments for a paid order.`);
    this.name = 'ShipmentNotFoundError';
  }
}

/** The shipment is not in a state that allows the step (409). */
export class IllegalShipmentTransitionError extends Error {
  readonly code = 'SHIPMENT_ILLEGAL_TRANSITION';
  constructor(
    readonly shipmentId: string,
    readonly currentStatus: string,
    readonly step: string,
  ) {
    super(`Shipment ${shipmentId} is ${currentStatus}: ${step} is not allowed.`);
    this.name = 'IllegalShipmentTransitionError';
  }
}
