import { defineProjection } from '../definition/projection';
import { transactionSetup } from './transaction-setup';

const projection = (durability?: 'durable' | 'log-derived') =>
  defineProjection({
    name: 'stock',
    version: 3,
    description: 'stock per sku',
    events: ['shopstream.inventory.StockReceived'],
    tables: [],
    ...(durability ? { durability } : {}),
    apply: () => Promise.resolve(),
  });

describe('transactionSetup', () => {
  it("shares the instance's dead-letter lock, points at its schema and names the run", () => {
    const setup = transactionSetup({
      instance: 'stock',
      schema: 'projection_stock_v3',
      projection: projection(),
      mode: 'rebuild',
    });
    expect(setup).toContain(`pg_advisory_xact_lock_shared(hashtext('shopstream-dlq:stock:v3'))`);
    expect(setup).toContain(`set_config('search_path', '"projection_stock_v3", public', true)`);
    expect(setup).toContain(`set_config('shopstream.run_mode', 'rebuild', true)`);
    expect(setup).toContain(`set_config('synchronous_commit', 'on', true)`);
  });

  it('lets a log-derived projection commit without waiting for its WAL flush', () => {
    const setup = transactionSetup({
      instance: 'stock',
      schema: 's',
      projection: projection('log-derived'),
      mode: 'live',
    });
    expect(setup).toContain(`set_config('synchronous_commit', 'off', true)`);
  });

  it('quotes a schema name so it cannot end the statement', () => {
    const setup = transactionSetup({
      instance: 'stock',
      schema: `it's`,
      projection: projection(),
      mode: 'live',
    });
    expect(setup).toContain(`'"it''s", public'`);
  });
});
