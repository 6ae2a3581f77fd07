import { defineProjection } from './projection';
import { liveInstanceOf, projectorGroup, topicsOf } from './projection-instance';

const stock = defineProjection({
  name: 'stock_levels',
  version: 2,
  description: 'stock per sku',
  events: ['shopstream.inventory.StockReceived', 'shopstream.inventory.StockReserved'],
  tables: [],
  apply: () => Promise.resolve(),
});

const orders = defineProjection({
  ...stock,
  name: 'order_summary',
  version: 1,
  apply: () => Promise.resolve(),
});

describe('projection instances', () => {
  it('reads each topic of its events once', () => {
    expect(topicsOf(stock)).toEqual(['shopstream.inventory']);
  });

  it('keeps the live instance under the projection name, its versioned schema and the read_models views', () => {
    expect(liveInstanceOf(stock)).toEqual({
      name: 'stock_levels',
      schema: 'projection_stock_levels_v2',
      topics: ['shopstream.inventory'],
      viewsSchema: 'read_models',
      groupId: 'shopstream-projection-stock_levels-v2',
    });
  });

  it('prefixes state, suffixes topics and names a group of its own in a namespace', () => {
    expect(liveInstanceOf(stock, 'bench1')).toEqual({
      name: 'bench1_stock_levels',
      schema: 'bench1_stock_levels_v2',
      topics: ['shopstream.inventory.bench1'],
      viewsSchema: 'bench1_read_models',
      groupId: 'shopstream-bench1-projection-stock_levels-v2',
    });
  });

  it('gives a set of projections one group whatever their order, and its own in a namespace', () => {
    const group = projectorGroup([stock, orders]);
    expect(group).toMatch(/^shopstream-projector-[0-9a-f]{12}$/);
    expect(projectorGroup([orders, stock])).toBe(group);
    expect(projectorGroup([stock, orders], 'ns')).toBe(group.replace('shopstream-', 'shopstream-ns-'));
    expect(projectorGroup([stock])).toBe('shopstream-projection-stock_levels-v2');
  });
});
