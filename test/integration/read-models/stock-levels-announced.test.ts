import { InventoryEvent } from '@shopstream/events';
import { parseRowsAnnouncement, READ_MODEL_ROWS_CHANNEL, RowsAnnouncement } from '@shopstream/projections';
import { eventMetadata } from '@shopstream/projections/testing';
import { stockLevelsProjection } from '@shopstream/read-models';
import { Client } from 'pg';
import { platformConfig } from '../../support/platform';
import { ProjectionHarness } from '../../support/projection-harness';
import { waitFor } from '../../support/wait-for';

const at = (minute: number) => Date.UTC(2026, 11, 6, 10, minute);
let version = 0;
const received = (sku: string, quantity: number): InventoryEvent => ({
  type: 'shopstream.inventory.StockReceived',
  metadata: eventMetadata(sku, { version: ++version, at: at(version) }),
  sku,
  quantity,
});
const reserved = (sku: string, quantity: number): InventoryEvent => ({
  type: 'shopstream.inventory.StockReserved',
  metadata: eventMetadata(sku, { version: ++version, at: at(version) }),
  sku,
  orderId: `order-${version}`,
  quantity,
});

describe('stock levels announce the rows each live commit leaves', () => {
  const listener = new Client({ connectionString: platformConfig().database.url });
  const heard: RowsAnnouncement[] = [];
  let harness: ProjectionHarness;
  const mine = () => heard.filter((a) => a.schema === harness.schema);
  /** Commits a notification after whatever was committed before: once it is heard, so is anything before it. */
  const heardAllCommitted = async () => {
    await harness.rows('select pg_notify($1, $2)', [
      READ_MODEL_ROWS_CHANNEL,
      JSON.stringify({ schema: harness.schema, table: 'marker', rows: [] }),
    ]);
    await waitFor(() => mine().some((a) => a.table === 'marker'), { what: 'the marker notification' });
    const before = mine().filter((a) => a.table !== 'marker');
    heard.length = 0;
    return before;
  };

  beforeAll(async () => {
    await listener.connect();
    listener.on('notification', (n) => {
      const announcement = parseRowsAnnouncement(n.payload ?? '');
      if (announcement) heard.push(announcement);
    });
    await listener.query(`listen ${READ_MODEL_ROWS_CHANNEL}`);
    harness = await ProjectionHarness.create(stockLevelsProjection);
  });

  afterAll(async () => {
    await harness?.close();
    await listener.end();
  });

  it("announces a batch's rows as the table holds them once it commits", async () => {
    await harness.given(received('A', 5), received('B', 2));
    await harness.given(reserved('A', 3));
    const announced = await heardAllCommitted();
    expect(announced.map((a) => a.table)).toEqual(['stock_levels', 'stock_levels']);
    const table = await harness.rows<Record<string, unknown>>(
      `select sku, on_hand::int, reserved::int, available::int, threshold, low_stock from stock_levels order by sku`,
    );
    const last = new Map(announced.flatMap((a) => a.rows ?? []).map((r) => [r.sku, r]));
    expect([...last.values()].map((r) => ({ ...r, updated_at: undefined }))).toEqual(
      expect.arrayContaining(table.map((r) => ({ ...r, updated_at: undefined }))),
    );
    expect(last.get('A')).toMatchObject({ on_hand: 5, reserved: 3, available: 2 });
  });

  it('says only that rows changed when they would not fit a notification', async () => {
    await harness.given(...Array.from({ length: 200 }, (_, i) => received(`MANY-${i}`, 1)));
    const announced = await heardAllCommitted();
    expect(announced).toEqual([{ schema: harness.schema, table: 'stock_levels', rows: null }]);
  });

  it('announces nothing while history is rebuilt or replayed', async () => {
    await harness.givenIn('rebuild', received('C', 1));
    await harness.givenIn('replay', received('C', 1));
    expect(await heardAllCommitted()).toEqual([]);
    const [row] = await harness.rows<{ on_hand: number }>(
      `select on_hand::int from stock_levels where sku = 'C'`,
    );
    expect(row?.on_hand).toBe(2);
  });
});
