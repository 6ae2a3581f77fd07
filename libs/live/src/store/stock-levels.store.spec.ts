import { stockDataFromAnnounced } from './stock-levels.store';

describe('stockDataFromAnnounced', () => {
  const row = {
    sku: 'SKU-1',
    on_hand: 10,
    reserved: 3,
    available: 7,
    threshold: null,
    low_stock: false,
    updated_at: '2026-12-06T10:00:00.123+00:00',
  };

  it("reads a row as PostgreSQL's JSON gives it, in the view's shape", () => {
    expect(stockDataFromAnnounced(row)).toEqual({
      sku: 'SKU-1',
      onHand: 10,
      reserved: 3,
      available: 7,
      threshold: null,
      lowStock: false,
      updatedAt: '2026-12-06T10:00:00.123Z',
    });
    expect(stockDataFromAnnounced({ ...row, threshold: 5 })?.threshold).toBe(5);
  });

  it('refuses a row that is not one', () => {
    for (const bad of [
      { ...row, sku: 1 },
      { ...row, on_hand: '10' },
      { ...row, threshold: 'x' },
      { ...row, low_stock: null },
      { ...row, updated_at: 'yesterday' },
    ])
      expect(stockDataFromAnnounced(bad)).toBeNull();
  });
});
