import { createDataSource, inTransaction, SqlExecutor } from '@shopstream/database';
import {
  dropProjectionSchema,
  ensureProjectionTables,
  liveInstanceOf,
  pointViews,
  Projection,
} from '@shopstream/projections';
import { createReadStores, ReadModelNames, ReadStores } from '@shopstream/queries';
import { customerOrdersProjection, orderSummaryProjection } from '@shopstream/read-models';
import { DataSource } from 'typeorm';
import { platformConfig } from '../../support/platform';
import { uniqueName } from '../../support/wait-for';

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Index Name'?: string;
  readonly Plans?: readonly PlanNode[];
}

const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

/**
 * The query side's cursor pages read their rows in index order. Each store's own statement is planned (EXPLAIN) on
 * empty tables, so the plan shows which index could serve it and whether rows would still need sorting.
 */
describe('indexes of the read models the query API pages through', () => {
  const ns = uniqueName('ix').replace(/[^a-z0-9_]/g, '');
  const projections: Projection[] = [orderSummaryProjection, customerOrdersProjection];
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = createDataSource(platformConfig().database.url, { poolSize: 1 });
    await dataSource.initialize();
    // The queries read the instance's views, as the query API does.
    for (const projection of projections)
      await inTransaction(dataSource, async (sql) => {
        const target = liveInstanceOf(projection, ns);
        await ensureProjectionTables(sql, projection, { schema: target.schema });
        await pointViews(sql, projection, target.schema, target.viewsSchema);
      });
  });

  afterAll(async () => {
    for (const projection of projections)
      await inTransaction(dataSource, (sql) =>
        dropProjectionSchema(sql, liveInstanceOf(projection, ns).schema),
      );
    await dataSource.query(
      `drop schema if exists "${liveInstanceOf(projections[0]!, ns).viewsSchema}" cascade`,
    );
    await dataSource.destroy();
  });

  /** The plan of the one statement `read` sends through a store. */
  async function planOf(read: (stores: ReadStores) => Promise<unknown>): Promise<PlanNode[]> {
    return inTransaction(dataSource, async (sql) => {
      // On empty tables every path costs next to nothing: with scans that lose the index's order priced out, the
      // plan is an ordered index scan exactly when an index serves both the filter and the order.
      await sql.query('set local enable_seqscan = off');
      await sql.query('set local enable_bitmapscan = off');
      let plan: PlanNode | null = null;
      const explaining: SqlExecutor = {
        query: async <T>(text: string, params?: readonly unknown[]) => {
          const [row] = await sql.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
            `explain (format json) ${text}`,
            params,
          );
          plan = row!['QUERY PLAN'][0].Plan;
          return [] as T[];
        },
      };
      await read(createReadStores(explaining, new ReadModelNames(ns)));
      if (!plan) throw new Error('the store sent no statement');
      return nodes(plan);
    });
  }

  it('lists orders newest first from order_summary_placed_at, without a sort', async () => {
    const plan = await planOf((s) =>
      s.orderSummary.list({
        status: null,
        placedFrom: new Date('2026-11-01T00:00:00Z'),
        placedTo: null,
        after: ['2026-12-01T00:00:00Z', 'order-1'],
        limit: 50,
      }),
    );
    expect(plan.map((n) => n['Index Name'])).toContain('order_summary_placed_at');
    expect(plan.map((n) => n['Node Type'])).not.toContain('Sort');
  });

  it("pages a customer's orders from customer_orders_placed_at, without a sort", async () => {
    const plan = await planOf((s) =>
      s.customerOrders.list('customer-1', null, ['2026-12-01T00:00:00Z', 'order-1'], 50),
    );
    expect(plan.map((n) => n['Index Name'])).toContain('customer_orders_placed_at');
    expect(plan.map((n) => n['Node Type'])).not.toContain('Sort');
  });
});
