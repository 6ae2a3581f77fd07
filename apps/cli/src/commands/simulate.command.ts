import { clientApiKey } from '@shopstream/access';
import { Command, InvalidArgumentError } from 'commander';
import { MultiBar, Presets } from 'cli-progress';
import { Pool } from 'pg';
import { loadConfig } from '@shopstream/config';
import { ShopSimulator, SimulationStats, StatusComparison } from '@shopstream/simulation';
import { HttpShopClient } from '../simulate/http-shop-client';

const positive = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number`);
  return n;
};

const byStatus = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${status} ${n}`)
    .join(', ') || 'none';

function summary(stats: SimulationStats, seconds: number, comparison: StatusComparison): string {
  const errors = Object.entries(stats.errors).sort(([, a], [, b]) => b - a);
  const differences = comparison.differences;
  return [
    `simulated ${seconds.toFixed(0)}s: ${stats.requests} API requests (${(stats.requests / seconds).toFixed(0)}/s)`,
    stats.pacing?.kept === false
      ? `rate NOT kept (${stats.pacing.saturated} saturated): ${stats.pacing.why}`
      : `rate kept: ${stats.pacing?.sentPerSecond.toFixed(1)} orders/s`,
    `orders: ${stats.ordersPlaced} placed, ${stats.confirmed} confirmed, ${stats.rejected} rejected (out of stock), ${stats.paid} paid, ` +
      `${stats.paymentFailed} payment failed, ${stats.unpaid} left unpaid, ${stats.cancelled} cancelled, ${stats.shipped} shipped, ` +
      `${stats.delivered} delivered, ${stats.returned} returned, ${stats.open} still moving at the end`,
    `by status, simulator:   ${byStatus(comparison.simulator)}`,
    `by status, read models: ${byStatus(comparison.readModels)}`,
    differences.length === 0
      ? 'read models agree on every order'
      : `read models differ on ${differences.length} orders:\n${differences
          .slice(0, 10)
          .map((d) => `  ${d.orderId}: simulator ${d.simulator}, read models ${d.readModels ?? 'missing'}`)
          .join('\n')}`,
    `stock: ${stats.restocks} restocks; behaviour: ${stats.behaviourEvents} events collected`,
    errors.length ? `errors:\n${errors.map(([what, n]) => `  ${n} x ${what}`).join('\n')}` : 'errors: none',
  ].join('\n');
}

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description(
      'run a realistic shop against the commerce API: browsing, orders, payments, shipping, restocks',
    )
    .option('--rate <orders/s>', 'orders placed per second', positive('--rate'), 10)
    .option('--duration <seconds>', 'how long to run', positive('--duration'), 60)
    .option('--skus <n>', 'products in the catalogue', positive('--skus'), 200)
    .option('--customers <n>', 'distinct customers', positive('--customers'), 500)
    .option('--seed <n>', 'random seed (same seed, same shop)', positive('--seed'), Date.now() % 100_000)
    .option('--concurrency <n>', 'API requests in flight at most', positive('--concurrency'), 64)
    .option('--catalogue <prefix>', 'sku prefix: a new prefix starts a fresh catalogue', 'SKU')
    .option('--api <url>', 'commerce API base URL (default: the configured port on 127.0.0.1)')
    .option('--query-api <url>', 'query API base URL (default: the configured port on 127.0.0.1)')
    .option('--json', 'print the summary as JSON')
    .action(
      async (options: {
        rate: number;
        duration: number;
        skus: number;
        customers: number;
        seed: number;
        concurrency: number;
        catalogue: string;
        api?: string;
        queryApi?: string;
        json?: boolean;
      }) => {
        const config = loadConfig();
        const api = options.api ?? `http://127.0.0.1:${config.ports.commerceApi}`;
        const health = await fetch(`${api}/health`).catch(() => null);
        if (!health?.ok)
          throw new Error(
            `The commerce API at ${api} does not answer; start the platform with \`npx shopstream up\`.`,
          );
        const queryApi = options.queryApi ?? `http://127.0.0.1:${config.ports.queryApi}`;
        const queryHealth = await fetch(`${queryApi}/health`).catch(() => null);
        if (!queryHealth?.ok)
          throw new Error(
            `The query API at ${queryApi} does not answer; start the platform with \`npx shopstream up\`.`,
          );
        const db = new Pool({ connectionString: config.database.url, max: 4 });
        // An idle connection dropped by PostgreSQL (a restart) is the pool's to replace, not a reason to crash the run.
        db.on('error', (error) =>
          console.error(`simulate: PostgreSQL dropped a connection: ${error.message}`),
        );
        const simulator = new ShopSimulator(
          new HttpShopClient(
            api,
            config.orderFlow.webhookSecret,
            db,
            queryApi,
            clientApiKey(config.security, config.home),
          ),
          {
            ratePerSecond: options.rate,
            durationSeconds: options.duration,
            skus: Math.round(options.skus),
            customers: Math.round(options.customers),
            seed: Math.round(options.seed),
            concurrency: Math.round(options.concurrency),
            catalogue: options.catalogue,
          },
        );
        const interactive = process.stdout.isTTY === true && !options.json;
        const bars = new MultiBar(
          {
            clearOnComplete: false,
            hideCursor: true,
            format:
              '{bar} {percentage}% | {value}/{total}s | {orders} orders | {rps} req/s | {errors} errors',
          },
          Presets.shades_classic,
        );
        const bar = interactive
          ? bars.create(Math.round(options.duration), 0, { orders: 0, rps: 0, errors: 0 })
          : null;
        const started = Date.now();
        let lastLog = 0;
        try {
          await simulator.setUp();
          const stats = await simulator.run((s, elapsed) => {
            const errors = Object.values(s.errors).reduce((a, b) => a + b, 0);
            const rps = Math.round(s.requests / Math.max(elapsed, 0.1));
            if (bar)
              bar.update(Math.min(Math.round(elapsed), Math.round(options.duration)), {
                orders: s.ordersPlaced,
                rps,
                errors,
              });
            else if (!options.json && elapsed - lastLog >= 10) {
              lastLog = elapsed;
              console.log(`${elapsed.toFixed(0)}s: ${s.ordersPlaced} orders, ${rps} req/s, ${errors} errors`);
            }
          });
          bars.stop();
          const seconds = (Date.now() - started) / 1_000;
          // The projector applies the last events a moment after the write side: give it a few seconds.
          const comparison = await simulator.reconcile(15_000);
          console.log(
            options.json
              ? JSON.stringify({ ...stats, statuses: comparison }, null, 2)
              : summary(stats, seconds, comparison),
          );
          if (stats.ordersPlaced === 0 || comparison.differences.length > 0) process.exitCode = 1;
        } finally {
          bars.stop();
          await db.end();
        }
      },
    );
}
