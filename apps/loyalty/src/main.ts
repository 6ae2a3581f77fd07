import { Pool } from 'pg';
import {
  createLogger,
  ExactlyOnce,
  serveProbes,
  stopOnSignal,
  subscribe,
  SubscriberMetrics,
} from '@shopstream/subscriber';
import { loadLoyaltyConfig } from './config/loyalty-config';
import { pointsRoute } from './http/points.route';
import { awardPoints } from './points/award-points.handler';
import { PointsStore } from './points/points.store';

/** Loyalty points per customer from the orders topic, built only on @shopstream/subscriber. */
async function main(): Promise<void> {
  const logger = createLogger('loyalty');
  const config = loadLoyaltyConfig();
  const pool = new Pool({ connectionString: config.LOYALTY_DATABASE_URL, max: 4 });
  const store = new PointsStore(config.LOYALTY_SCHEMA);
  const once = new ExactlyOnce({ pool, schema: config.LOYALTY_SCHEMA, group: config.LOYALTY_GROUP });
  await store.migrate(pool);
  await once.migrate();

  const metrics = new SubscriberMetrics();
  const subscription = await subscribe({
    group: config.LOYALTY_GROUP,
    topics: [{ name: config.LOYALTY_ORDERS_TOPIC, carries: 'shopstream.orders' }],
    handleBatch: once.batch(awardPoints(store)),
    metrics,
    logger,
  });
  const server = await serveProbes({
    port: config.LOYALTY_PORT,
    subscriptions: [subscription],
    metrics,
    routes: pointsRoute(store, pool),
  });
  stopOnSignal({ subscriptions: [subscription], server, logger, after: () => pool.end() });
  logger.info({ port: config.LOYALTY_PORT, topic: config.LOYALTY_ORDERS_TOPIC }, 'loyalty is running');
}

main().catch((error: unknown) => {
  createLogger('loyalty').fatal({ err: error }, 'loyalty could not start');
  process.exit(1);
});
