import { OrderLine, OrderPlaced, ShopstreamEvent } from '@shopstream/events';
import { orderLinesProjection } from '@shopstream/read-models';
import { rowsWhateverTheSplit } from '../../support/batch-splits';
import { metadata } from '../../support/event-builders';
import { ProjectionHarness } from '../../support/projection-harness';

const MUG: OrderLine = { sku: 'SKU-MUG-01', quantity: 2, unitPriceMinor: 1299 };
const TEE: OrderLine = { sku: 'SKU-TEE-M', quantity: 1, unitPriceMinor: 2499 };

const placed = (orderId: string, lines: readonly OrderLine[], currency = 'EUR'): OrderPlaced => {
  const subtotalMinor = lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
  return {
    type: 'shopstream.orders.OrderPlaced',
    metadata: metadata(orderId, 1),
    orderId,
    customerId: 'cus_ada',
    currency,
    lines,
    totals: { subtotalMinor, shippingMinor: 495, taxMinor: 0, totalMinor: subtotalMinor + 495 },
    shippingAddress: {
      name: 'Ada Weber',
      line1: 'Torstr. 1',
      line2: null,
      city: 'Berlin',
      postalCode: '10119',
      country: 'DE',
    },
    channel: 'WEB',
  };
};

const ALL_ROWS = 'select * from order_lines order by order_id, line_no';

const rowsWhateverTheSplitOf = (history: readonly ShopstreamEvent[]) =>
  rowsWhateverTheSplit(orderLinesProjection, history, ALL_ROWS);

describe('order_lines read model', () => {
  it('writes one row per line of every order placed, numbered from 1', async () => {
    const history = [placed('ord_1', [MUG, TEE]), placed('ord_2', [TEE], 'GBP')];
    expect(await rowsWhateverTheSplitOf(history)).toEqual([
      {
        order_id: 'ord_1',
        line_no: 1,
        sku: 'SKU-MUG-01',
        quantity: 2,
        unit_price_minor: '1299',
        line_total_minor: '2598',
        currency: 'EUR',
      },
      {
        order_id: 'ord_1',
        line_no: 2,
        sku: 'SKU-TEE-M',
        quantity: 1,
        unit_price_minor: '2499',
        line_total_minor: '2499',
        currency: 'EUR',
      },
      {
        order_id: 'ord_2',
        line_no: 1,
        sku: 'SKU-TEE-M',
        quantity: 1,
        unit_price_minor: '2499',
        line_total_minor: '2499',
        currency: 'GBP',
      },
    ]);
  });

  it('leaves no stale line behind when an order is placed again with fewer lines', async () => {
    const rows = await rowsWhateverTheSplitOf([placed('ord_3', [MUG, TEE]), placed('ord_3', [TEE])]);
    expect(rows.map((r) => [r.order_id, r.line_no, r.sku])).toEqual([['ord_3', 1, 'SKU-TEE-M']]);
  });

  it('does not overflow a line total beyond 32 bits', async () => {
    const rows = await rowsWhateverTheSplitOf([
      placed('ord_4', [{ sku: 'SKU-PALLET', quantity: 40_000, unitPriceMinor: 99_999 }]),
    ]);
    expect(rows[0]).toMatchObject({ line_total_minor: '3999960000' });
  });

  it('changes nothing when the same OrderPlaced is delivered twice', async () => {
    const harness = await ProjectionHarness.create(orderLinesProjection);
    try {
      const order = placed('ord_5', [MUG, TEE]);
      // Idempotent: the engine hands it the copies, and they change nothing.
      expect(await harness.given(order, order)).toEqual({ applied: 2, duplicates: 0 });
      const once = await harness.rows(ALL_ROWS);
      expect(await harness.given(order)).toEqual({ applied: 1, duplicates: 0 });
      expect(await harness.rows(ALL_ROWS)).toEqual(once);
      expect(once).toHaveLength(2);
    } finally {
      await harness.close();
    }
  });
});
