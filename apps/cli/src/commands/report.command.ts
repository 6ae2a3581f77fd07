import { Command } from 'commander';
import { loadConfig } from '@shopstream/config';
import { createDataSource } from '@shopstream/database';
import { loadProjectionStatuses } from '@shopstream/projections';
import { READ_MODELS } from '@shopstream/read-models';

/** What a shop owner looks at, read from the read models: the platform's main job made visible. */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      'orders by status, top products, open low-stock alerts, projection lag, and where the API docs are',
    )
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      const dataSource = createDataSource(config.database.url, { poolSize: 2 });
      await dataSource.initialize();
      try {
        const byStatus: { status: string; orders: number; value_minor: string }[] = await dataSource.query(
          `select status, count(*)::int as orders, coalesce(sum(total_minor), 0)::text as value_minor
           from read_models.order_summary group by status order by orders desc`,
        );
        const topProducts: { sku: string; units: string; revenue_minor: string; orders: string }[] =
          await dataSource.query(
            `select sku, sum(units_sold)::text as units, sum(revenue_minor)::text as revenue_minor, sum(orders)::text as orders
           from read_models.sales_by_product_hour group by sku order by sum(revenue_minor) desc limit 10`,
          );
        const alerts: { sku: string; threshold: number; available: number; since: Date }[] =
          await dataSource.query(
            `select sku, threshold, available_at_detection as available, detected_at as since
           from read_models.low_stock_alerts where status = 'OPEN' order by detected_at limit 15`,
          );
        const lag = await loadProjectionStatuses({
          dataSource,
          brokers: config.kafka.brokers,
          projections: READ_MODELS,
          stallAfterMs: config.projector.stallAfterMs,
        });
        const docs = `http://127.0.0.1:${config.ports.commerceApi}/docs`;
        if (options.json) {
          console.log(
            JSON.stringify(
              {
                byStatus,
                topProducts,
                alerts,
                projections: lag.map((s) => ({
                  projection: s.projection,
                  state: s.state,
                  lag: s.lag,
                  deadLetters: s.deadLetters,
                })),
                docs,
              },
              null,
              2,
            ),
          );
          return;
        }
        console.log('\nOrders by status');
        console.table(
          byStatus.map((r) => ({
            status: r.status,
            orders: r.orders,
            value: (Number(r.value_minor) / 100).toFixed(2),
          })),
        );
        console.log('Top products by revenue');
        console.table(
          topProducts.map((r) => ({
            sku: r.sku,
            units: Number(r.units),
            orders: Number(r.orders),
            revenue: (Number(r.revenue_minor) / 100).toFixed(2),
          })),
        );
        console.log(`Open low-stock alerts (${alerts.length}${alerts.length === 15 ? '+' : ''})`);
        console.table(
          alerts.map((a) => ({
            sku: a.sku,
            available: a.available,
            threshold: a.threshold,
            since: a.since.toISOString(),
          })),
        );
        console.log('Projections (consumer lag)');
        console.table(
          lag.map((s) => ({
            projection: s.projection,
            state: s.state,
            lag: s.lag,
            deadLetters: s.deadLetters,
          })),
        );
        console.log(
          `API docs: ${docs}   metrics: http://127.0.0.1:${config.ports.processorMetrics}/metrics, http://127.0.0.1:${config.ports.projectorMetrics}/metrics`,
        );
      } finally {
        await dataSource.destroy();
      }
    });
}
