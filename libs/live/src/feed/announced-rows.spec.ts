import { AnnouncedRows, AnnouncedTable } from './announced-rows';

const TOPIC = 'shopstream.inventory';
const table: AnnouncedTable = {
  table: 'stock_levels',
  schemaOf: (version) => `projection_stock_levels_v${version}`,
  read: (row) => (typeof row.sku === 'string' ? { key: row.sku, data: { ...row } } : null),
};
const v1 = { epoch: 'v1-100', version: 1 };
const rowsOf = (rows: Record<string, unknown>[] | null, schema = 'projection_stock_levels_v1') => ({
  schema,
  table: 'stock_levels',
  rows,
});
const slot = (partition: number, nextOffset: number) => ({
  topic: TOPIC,
  partition,
  nextOffset: BigInt(nextOffset),
});
const at = (partition: number, offset: number) => ({ partition, offset: BigInt(offset) });

/** A commit as the gateway hears it: the rows, then the positions it reached. */
function commit(
  announced: AnnouncedRows,
  rows: Record<string, unknown>[] | null,
  slots: ReturnType<typeof slot>[],
) {
  announced.announced(rowsOf(rows), v1);
  announced.committed(v1.epoch, slots);
}

describe('AnnouncedRows', () => {
  it("answers with the last announced row of each key once the change's commit was heard", () => {
    const announced = new AnnouncedRows(table, TOPIC);
    commit(announced, [{ sku: 'A', onHand: 1 }], [slot(0, 5)]);
    commit(
      announced,
      [
        { sku: 'A', onHand: 2 },
        { sku: 'B', onHand: 7 },
      ],
      [slot(0, 6), slot(1, 3)],
    );
    expect(announced.rowsFor(v1.epoch, [at(0, 4), at(1, 2)], ['A', 'B'])).toEqual(
      new Map([
        ['A', { sku: 'A', onHand: 2 }],
        ['B', { sku: 'B', onHand: 7 }],
      ]),
    );
  });

  it('declines a change whose commit was not heard yet, and a key with no announced row', () => {
    const announced = new AnnouncedRows(table, TOPIC);
    commit(announced, [{ sku: 'A', onHand: 1 }], [slot(0, 5)]);
    expect(announced.rowsFor(v1.epoch, [at(0, 5)], ['A'])).toBeNull();
    expect(announced.rowsFor(v1.epoch, [at(1, 0)], ['A'])).toBeNull();
    expect(announced.rowsFor(v1.epoch, [at(0, 4)], ['A', 'B'])).toBeNull();
  });

  it('forgets every row when a commit changed more than it could announce', () => {
    const announced = new AnnouncedRows(table, TOPIC);
    commit(announced, [{ sku: 'A', onHand: 1 }], [slot(0, 5)]);
    commit(announced, null, [slot(0, 9)]);
    expect(announced.rowsFor(v1.epoch, [at(0, 4)], ['A'])).toBeNull();
    commit(announced, [{ sku: 'A', onHand: 3 }], [slot(0, 10)]);
    expect(announced.rowsFor(v1.epoch, [at(0, 9)], ['A'])).toEqual(new Map([['A', { sku: 'A', onHand: 3 }]]));
  });

  it('trusts nothing heard before a gap in the connection', () => {
    const announced = new AnnouncedRows(table, TOPIC);
    commit(announced, [{ sku: 'A', onHand: 1 }], [slot(0, 5)]);
    announced.forget();
    expect(announced.rowsFor(v1.epoch, [at(0, 4)], ['A'])).toBeNull();
    // Positions heard after the gap cover the change, but the row was announced before it.
    announced.committed(v1.epoch, [slot(0, 6)]);
    expect(announced.rowsFor(v1.epoch, [at(0, 4)], ['A'])).toBeNull();
  });

  it("ignores other schemas' and tables' rows, and starts over in a new epoch", () => {
    const announced = new AnnouncedRows(table, TOPIC);
    commit(announced, [{ sku: 'A', onHand: 1 }], [slot(0, 5)]);
    announced.announced(rowsOf([{ sku: 'A', onHand: 99 }], 'projection_stock_levels_v2'), v1);
    announced.announced({ ...rowsOf([{ sku: 'A', onHand: 98 }]), table: 'order_summary' }, v1);
    announced.announced(rowsOf([{ sku: 'A', onHand: 97 }]), null);
    announced.committed(v1.epoch, [{ topic: 'shopstream.orders', partition: 0, nextOffset: 50n }]);
    expect(announced.rowsFor(v1.epoch, [at(0, 4)], ['A'])).toEqual(new Map([['A', { sku: 'A', onHand: 1 }]]));

    const v2 = { epoch: 'v2-200', version: 2 };
    announced.announced(rowsOf([{ sku: 'A', onHand: 5 }], 'projection_stock_levels_v2'), v2);
    announced.committed(v2.epoch, [slot(0, 3)]);
    expect(announced.rowsFor(v1.epoch, [at(0, 2)], ['A'])).toBeNull();
    expect(announced.rowsFor(v2.epoch, [at(0, 2)], ['A'])).toEqual(new Map([['A', { sku: 'A', onHand: 5 }]]));
  });
});
