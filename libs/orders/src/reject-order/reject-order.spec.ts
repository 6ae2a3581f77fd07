import { decide } from '../order.decider';
import { orderIn, sampleCommands, testContext } from '../order.fixtures';
import { IllegalOrderTransitionError } from '../orders.errors';

describe('RejectOrder', () => {
  it('rejects a pending order with the reason and detail', () => {
    const [event] = decide(orderIn('PENDING'), sampleCommands.RejectOrder, testContext());
    expect(event).toMatchObject({ reason: 'OUT_OF_STOCK', detail: 'SKU-A short by 1' });
  });

  it('cannot reject an order whose stock is already reserved', () => {
    expect(() => decide(orderIn('CONFIRMED'), sampleCommands.RejectOrder, testContext())).toThrow(
      IllegalOrderTransitionError,
    );
  });
});
