import fc from 'fast-check';
import type { CancellationReason, CancelledBy, OrdersEvent } from '@shopstream/events';
import { allowedCommandsFor } from './allowed-commands';
import { ORDER_ID, placeOrder, sampleCommands, testContext } from './order.fixtures';
import type { OrderCommand, OrderCommandType } from './order.commands';
import { ORDER_COMMAND_TYPES } from './order.commands';
import { decide } from './order.decider';
import { evolve, evolveAll } from './order.evolve';
import { ORDER_STATUSES, refundableMinor, type OrderState, type OrderStatus } from './order.state';
import { OrderError } from './orders.errors';

const lineArb = fc.record({
  sku: fc.constantFrom('SKU-A', 'SKU-B', 'SKU-C'),
  quantity: fc.integer({ min: 1, max: 20 }),
  unitPriceMinor: fc.integer({ min: 0, max: 100_000 }),
});
const placeArb = fc.record({
  lines: fc.array(lineArb, { minLength: 1, maxLength: 5 }),
  shippingMinor: fc.integer({ min: 0, max: 2_000 }),
  taxMinor: fc.integer({ min: 0, max: 5_000 }),
});
const stepArb = fc.record({
  pick: fc.nat(),
  seed: fc.nat(),
  by: fc.constantFrom<CancelledBy>('CUSTOMER', 'MERCHANT', 'SYSTEM'),
  reason: fc.constantFrom<CancellationReason>('CUSTOMER_REQUEST', 'FRAUD_SUSPECTED', 'OTHER'),
});
type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

/** A command of the given type that is valid for this order (right amount, right shipment, refundable amount). */
function commandFor(
  type: Exclude<OrderCommandType, 'PlaceOrder'>,
  state: OrderState,
  step: Step,
): OrderCommand {
  switch (type) {
    case 'RecordPaymentCaptured':
      return {
        ...sampleCommands.RecordPaymentCaptured,
        amountMinor: state.totals.totalMinor,
        currency: state.currency,
      };
    case 'CancelOrder':
      return { type, orderId: ORDER_ID, by: step.by, reason: step.reason };
    case 'ShipOrder':
      return { ...sampleCommands.ShipOrder, shipmentId: `ship-${step.seed}` };
    case 'DeliverOrder':
      return { type, orderId: ORDER_ID, shipmentId: state.shipmentId ?? '' };
    case 'RefundOrder':
      return { type, orderId: ORDER_ID, amountMinor: refundAmount(state, step), reason: null };
    default:
      return sampleCommands[type];
  }
}

/** Half the time everything that is left (to reach REFUNDED), otherwise a partial amount. */
function refundAmount(state: OrderState, step: Step): number {
  const refundable = refundableMinor(state);
  return step.seed % 2 === 0 ? refundable : 1 + (step.seed % refundable);
}

/** The state machine as a reader would draw it, independent of the implementation's table. */
function expectedStatus(before: OrderState, command: OrderCommand): OrderStatus {
  switch (command.type) {
    case 'ConfirmOrder':
      return 'CONFIRMED';
    case 'RejectOrder':
      return 'REJECTED';
    case 'RecordPaymentCaptured':
      return 'PAID';
    case 'RecordPaymentFailed':
    case 'ExpirePayment':
    case 'CancelOrder':
      return 'CANCELLED';
    case 'ShipOrder':
      return 'SHIPPED';
    case 'DeliverOrder':
      return 'DELIVERED';
    case 'RefundOrder':
      return before.refundedMinor + command.amountMinor === before.paidMinor ? 'REFUNDED' : before.status;
    case 'PlaceOrder':
      return 'PENDING';
  }
}

describe('order properties', () => {
  it('a random legal command sequence moves status as expected, one version per event, and replays', () => {
    const reached = new Set<OrderStatus>();
    fc.assert(
      fc.property(placeArb, fc.array(stepArb, { maxLength: 12 }), (place, steps) => {
        const history: OrdersEvent[] = [];
        const placed = decide(null, { ...placeOrder, ...place }, testContext());
        history.push(...placed);
        let state = evolveAll(placed)!;
        expect(state.status).toBe('PENDING');

        for (const step of steps) {
          const allowed = allowedCommandsFor(state).filter(
            (c): c is Exclude<OrderCommandType, 'PlaceOrder'> => c !== 'PlaceOrder',
          );
          if (allowed.length === 0) break;
          const command = commandFor(allowed[step.pick % allowed.length]!, state, step);
          const events = decide(state, command, testContext());
          expect(events).toHaveLength(1);
          expect(events[0]!.metadata.aggregateVersion).toBe(state.version + 1);
          const next = evolve(state, events[0]!);
          expect(next.status).toBe(expectedStatus(state, command));
          expect(next.version).toBe(state.version + 1);
          expect(next.refundedMinor).toBeLessThanOrEqual(next.paidMinor);
          history.push(...events);
          reached.add(next.status);
          state = next;
        }

        expect(history.map((e) => e.metadata.aggregateVersion)).toEqual(history.map((_, i) => i + 1));
        expect(evolveAll(history)).toEqual(state);
      }),
      // Reaching REFUNDED takes a 5-6 step path, about one run in 40: 1000 runs make it certain in practice.
      { numRuns: 1000 },
    );
    // Guards the generator itself: a property that never reaches a status proves nothing about it.
    expect([...reached].sort()).toEqual(ORDER_STATUSES.filter((s) => s !== 'PENDING').sort());
  });

  it('any command on any reachable order either emits foldable events or throws a typed error, never both', () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { maxLength: 8 }),
        fc.constantFrom(...ORDER_COMMAND_TYPES),
        fc.integer({ min: -10, max: 10_000 }),
        (steps, type, amountMinor) => {
          let state = evolveAll(decide(null, placeOrder, testContext()))!;
          for (const step of steps) {
            const allowed = allowedCommandsFor(state).filter(
              (c): c is Exclude<OrderCommandType, 'PlaceOrder'> => c !== 'PlaceOrder',
            );
            if (allowed.length === 0) break;
            state = evolveAll(
              decide(state, commandFor(allowed[step.pick % allowed.length]!, state, step), testContext()),
              state,
            )!;
          }
          const command: OrderCommand =
            type === 'RefundOrder'
              ? { type, orderId: ORDER_ID, amountMinor, reason: null }
              : type === 'PlaceOrder'
                ? placeOrder
                : { ...commandFor(type, state, { pick: 0, seed: 0, by: 'SYSTEM', reason: 'OTHER' }) };
          let outcome: { events: OrdersEvent[] } | { error: unknown };
          try {
            outcome = { events: decide(state, command, testContext()) };
          } catch (error) {
            outcome = { error };
          }
          if ('error' in outcome) {
            expect(outcome.error).toBeInstanceOf(OrderError);
            const allowed = allowedCommandsFor(state).includes(type);
            if (allowed) expect((outcome.error as OrderError).code).not.toBe('ORDER_ILLEGAL_TRANSITION');
            return;
          }
          expect(allowedCommandsFor(state)).toContain(type);
          const next = evolveAll(outcome.events, state)!;
          expect(next.refundedMinor).toBeLessThanOrEqual(next.paidMinor);
        },
      ),
    );
  });
});
