import { defineProjection } from '@shopstream/projections';
import { metadata } from '../support/event-builders';
import { ProjectionHarness } from '../support/projection-harness';

/** The engine's batch path: set-based apply, the event-id guard against duplicates, the checkpoint row. */
describe('applying a batch to a projection', () => {
  const receipts = defineProjection({
    name: 'receipts',
    version: 1,
    description: 'units received per sku',
    events: ['shopstream.inventory.StockReceived'],
    tables: [
      { name: 'receipts', ddl: 'create table receipts (sku text primary key, units bigint not null)' },
    ],
    async apply(batch, sql) {
      await sql.query(
        `insert into receipts (sku, units) select * from unnest($1::text[], $2::bigint[])
         on conflict (sku) do update set units = receipts.units + excluded.units`,
        [batch.map((e) => e.event.sku), batch.map((e) => e.event.quantity)],
      );
    },
  });
  let harness: ProjectionHarness;
  beforeAll(async () => (harness = await ProjectionHarness.create(receipts)));
  afterAll(async () => harness.close());

  it('applies each event id once, whether repeated in a batch or in a later one', async () => {
    const first = {
      type: 'shopstream.inventory.StockReceived',
      metadata: metadata('A', 1),
      sku: 'A',
      quantity: 5,
    } as const;
    const other = {
      type: 'shopstream.inventory.StockReceived',
      metadata: metadata('B', 1),
      sku: 'B',
      quantity: 2,
    } as const;
    expect(await harness.given(first, other, first)).toEqual({ applied: 2, duplicates: 1 });
    expect(await harness.given(first)).toEqual({ applied: 0, duplicates: 1 });
    expect(await harness.rows('select sku, units from receipts order by sku')).toEqual([
      { sku: 'A', units: '5' },
      { sku: 'B', units: '2' },
    ]);
    expect(
      await harness.rows('select next_offset from projection_checkpoints where projection = $1', [
        harness.schema,
      ]),
    ).toEqual([{ next_offset: '4' }]);
  });
});
