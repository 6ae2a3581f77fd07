import { DataSource } from 'typeorm';
import { createDataSource, inTransaction, sqlLiteral } from '@shopstream/database';
import { InventoryEvent } from '@shopstream/events';
import {
  applyPipelined,
  defineProjection,
  ensureProjectionTables,
  ProjectedEvent,
  Projection,
  ProjectionDefinitionError,
  quoteIdent,
} from '@shopstream/projections';
import { stockReceived } from '../support/event-builders';
import { platformConfig } from '../support/platform';
import { uniqueName } from '../support/wait-for';

/** Units per sku, written blind: a quote and a backslash in a sku must survive being inlined as a literal. */
const units = defineProjection({
  name: 'units',
  version: 1,
  description: 'units received per sku (few-trips tests)',
  events: ['shopstream.inventory.StockReceived'],
  writeOnly: true,
  tables: [{ name: 'units', ddl: 'create table units (sku text primary key, units bigint not null)' }],
  async apply(batch, sql) {
    await sql.query(
      `insert into units select sku, sum(q) from unnest($1::text[], $2::bigint[]) as u (sku, q) group by sku
       on conflict (sku) do update set units = units.units + excluded.units`,
      [batch.map((e) => e.event.sku), batch.map((e) => e.event.quantity)],
    );
  },
});

/** The same table, kept by reading each total and writing it back: it must not be declared write-only. */
const reading = (writeOnly: boolean) =>
  defineProjection({
    name: 'units_reading',
    version: 1,
    description: 'units received per sku, read and written back (few-trips tests)',
    events: ['shopstream.inventory.StockReceived'],
    writeOnly,
    tables: units.tables,
    async apply(batch, sql) {
      const rows = await sql.query<{ sku: string; units: string }>(
        'select sku, units from units where sku = any($1::text[])',
        [batch.map((e) => e.event.sku)],
      );
      const totals = new Map(rows.map((r) => [r.sku, Number(r.units)]));
      for (const { event } of batch) totals.set(event.sku, (totals.get(event.sku) ?? 0) + event.quantity);
      await sql.query(
        `insert into units select * from unnest($1::text[], $2::bigint[])
         on conflict (sku) do update set units = excluded.units`,
        [[...totals.keys()], [...totals.values()]],
      );
    },
  });

/** Adds the units blind, then counts the skus and stores the count: the count must include this batch's skus. */
const writesThenReads = defineProjection({
  name: 'units_counted',
  version: 1,
  description: 'units received per sku and how many skus (few-trips tests)',
  events: ['shopstream.inventory.StockReceived'],
  tables: units.tables,
  async apply(batch, sql) {
    await units.apply(batch, sql);
    const [row] = await sql.query<{ n: string }>(`select count(*) as n from units where sku <> '#skus'`);
    await sql.query(
      `insert into units values ('#skus', $1) on conflict (sku) do update set units = excluded.units`,
      [Number(row!.n)],
    );
  },
});

/** Wants the number of rows an update touched, which only the careful path returns. */
const countingUpdates = defineProjection({
  name: 'units_updated',
  version: 1,
  description: 'units received per sku, inserted when an update touched nothing (few-trips tests)',
  events: ['shopstream.inventory.StockReceived'],
  tables: units.tables,
  async apply(batch, sql) {
    for (const { event } of batch) {
      const [, touched] = await sql.query<unknown>('update units set units = units + $2 where sku = $1', [
        event.sku,
        event.quantity,
      ]);
      if (touched === 0) await sql.query('insert into units values ($1, $2)', [event.sku, event.quantity]);
    }
  },
});

describe('a batch applied in few round trips', () => {
  const config = platformConfig();
  let dataSource: DataSource;
  const names: string[] = [];

  beforeAll(async () => {
    dataSource = createDataSource(config.database.url, { poolSize: 2 });
    await dataSource.initialize();
  });

  afterAll(async () => {
    for (const name of names) await dataSource.query(`drop schema if exists ${quoteIdent(name)} cascade`);
    await dataSource.query('delete from projection_checkpoints where projection = any($1)', [names]);
    await dataSource.destroy();
  });

  async function setUp(projection: Projection, applyOn: DataSource = dataSource) {
    const name = uniqueName('few');
    names.push(name);
    await inTransaction(dataSource, (sql) => ensureProjectionTables(sql, projection, { schema: name }));
    let offset = 0;
    const opening = `select set_config('search_path', ${sqlLiteral(`${quoteIdent(name)}, public`)}, true)`;
    const apply = (events: readonly InventoryEvent[], fromOffset = offset) => {
      const batch: ProjectedEvent<InventoryEvent>[] = events.map((event, i) => ({
        event,
        topic: 't',
        partition: 0,
        offset: String(fromOffset + i),
        key: event.sku,
      }));
      const advance = {
        topic: 't',
        partition: 0,
        fromOffset: String(fromOffset),
        nextOffset: String(fromOffset + events.length),
      };
      return applyPipelined(
        applyOn,
        projection,
        batch,
        { projectionName: name, projectionVersion: 1, advances: [advance] },
        opening,
      ).then((result) => {
        offset = fromOffset + events.length;
        return result;
      });
    };
    const state = async () => ({
      units: Object.fromEntries(
        (
          await dataSource.query<{ sku: string; units: string }[]>(
            `select sku, units from ${quoteIdent(name)}.units order by sku`,
          )
        ).map((r) => [r.sku, Number(r.units)]),
      ),
      applied: Number(
        (
          await dataSource.query<{ n: string }[]>(`select count(*) n from ${quoteIdent(name)}.applied_events`)
        )[0]!.n,
      ),
      checkpoint: (
        await dataSource.query<{ next_offset: string }[]>(
          'select next_offset from projection_checkpoints where projection = $1',
          [name],
        )
      )[0]?.next_offset,
    });
    return { apply, state };
  }

  it('applies a write-only batch, its event ids and its checkpoint together, values with quotes intact', async () => {
    const t = await setUp(units);
    const tricky = `it's a \\ "sku"`;
    await expect(
      t.apply([stockReceived(tricky, 2), stockReceived('B', 3), stockReceived(tricky, 5)]),
    ).resolves.toEqual({
      applied: 3,
      duplicates: 0,
    });
    await t.apply([stockReceived('B', 1)]);
    expect(await t.state()).toEqual({ units: { B: 4, [tricky]: 7 }, applied: 4, checkpoint: '4' });
  });

  it('fails the whole transaction on an event id seen before, so the careful path can sort it out', async () => {
    const t = await setUp(units);
    const once = stockReceived('A', 1);
    await t.apply([once]);
    await expect(t.apply([stockReceived('A', 10), once])).rejects.toThrow(/duplicate key/);
    expect(await t.state()).toEqual({ units: { A: 1 }, applied: 1, checkpoint: '1' });
  });

  it('fails the whole transaction when the checkpoint moved since the batch was read', async () => {
    const t = await setUp(units);
    await t.apply([stockReceived('A', 1), stockReceived('A', 1)]);
    await expect(t.apply([stockReceived('A', 10)], 1)).rejects.toThrow(/checkpoint of t\/0 moved to 2/);
    expect(await t.state()).toEqual({ units: { A: 2 }, applied: 2, checkpoint: '2' });
  });

  it('applies a projection that reads its state first, then writes, inside the same transaction', async () => {
    const t = await setUp(reading(false));
    await t.apply([stockReceived('A', 1)]);
    await t.apply([stockReceived('A', 2)]);
    expect(await t.state()).toEqual({ units: { A: 3 }, applied: 2, checkpoint: '2' });
  });

  it('sends the writes waiting before a read with it, so the read sees them', async () => {
    const t = await setUp(writesThenReads);
    await t.apply([stockReceived('A', 1), stockReceived('B', 2)]);
    await t.apply([stockReceived('A', 4)]);
    expect(await t.state()).toEqual({ units: { A: 5, B: 2, '#skus': 2 }, applied: 3, checkpoint: '3' });
  });

  it('refuses a projection that reads what a write without RETURNING returned, before sending it', async () => {
    const t = await setUp(countingUpdates);
    await expect(t.apply([stockReceived('A', 1)])).rejects.toThrow(/add RETURNING to what it reads/);
    expect(await t.state()).toEqual({ units: {}, applied: 0, checkpoint: undefined });
  });

  it('refuses a projection declared write-only that reads a result, before sending anything', async () => {
    const t = await setUp(reading(true));
    await expect(t.apply([stockReceived('A', 1)])).rejects.toThrow(ProjectionDefinitionError);
    await expect(t.apply([stockReceived('A', 1)])).rejects.toThrow(/declared writeOnly, but its apply read/);
    expect(await t.state()).toEqual({ units: {}, applied: 0, checkpoint: undefined });
  });

  it('keeps each projection in its own schema when they run the same prepared statements on one connection', async () => {
    const oneConnection = createDataSource(config.database.url, { poolSize: 1 });
    await oneConnection.initialize();
    try {
      const [a, b] = [await setUp(units, oneConnection), await setUp(units, oneConnection)];
      for (let i = 1; i <= 3; i++) {
        await a.apply([stockReceived('A', i)]);
        await b.apply([stockReceived('B', 10 * i)]);
      }
      expect(await a.state()).toEqual({ units: { A: 6 }, applied: 3, checkpoint: '3' });
      expect(await b.state()).toEqual({ units: { B: 60 }, applied: 3, checkpoint: '3' });
      const [prepared] = await oneConnection.query<{ n: string }[]>(
        `select count(*) as n from pg_prepared_statements where name like 'shopstream_%'`,
      );
      // The event-id insert, the projection's upsert and the checkpoint, planned once for each schema.
      expect(Number(prepared!.n)).toBe(6);
    } finally {
      await oneConnection.destroy();
    }
  });
  it('reads the same statement from schemas whose columns differ in type, on one connection', async () => {
    const oneConnection = createDataSource(config.database.url, { poolSize: 1 });
    await oneConnection.initialize();
    try {
      // The same apply and statements as `reading`, over a numeric column: a plan made for one returns another type.
      const numeric = defineProjection({
        ...reading(false),
        name: 'units_reading_numeric',
        tables: [{ name: 'units', ddl: 'create table units (sku text primary key, units numeric not null)' }],
      });
      const [a, b] = [await setUp(reading(false), oneConnection), await setUp(numeric, oneConnection)];
      for (let i = 1; i <= 2; i++) {
        await a.apply([stockReceived('A', i)]);
        await b.apply([stockReceived('A', 10 * i)]);
      }
      expect(await a.state()).toEqual({ units: { A: 3 }, applied: 2, checkpoint: '2' });
      expect(await b.state()).toEqual({ units: { A: 30 }, applied: 2, checkpoint: '2' });
    } finally {
      await oneConnection.destroy();
    }
  });
});
