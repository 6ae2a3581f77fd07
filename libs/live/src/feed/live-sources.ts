import { Queryable } from '../store/read-snapshot';
import { ShopstreamEvent } from '@shopstream/events';
import { projectionSchema } from '@shopstream/projections';
import { Channel, ChannelSource } from '../protocol/channel';
import { LowStockAlertsStore } from '../store/low-stock-alerts.store';
import { OrderSummaryStore } from '../store/order-summary.store';
import { stockDataFromAnnounced, StockLevelsStore } from '../store/stock-levels.store';
import { AnnouncedTable } from './announced-rows';
import {
  describeAlertChange,
  describeOrderChange,
  describeStockChange,
  KeyedChange,
} from '../change/describe-change';

/** A log and the read model built from it: what a channel's snapshot reads and its deltas follow. */
export interface LiveSource {
  readonly source: ChannelSource;
  /** Name its checkpoints and projection_versions row are kept under. */
  readonly projection: string;
  readonly topic: string;
  /** The key and change an event of the topic pushes, or null when this source shows nothing of it. */
  describe(event: ShopstreamEvent): KeyedChange | null;
  /** Committed state per key, for the keys given. */
  rows(client: Queryable, keys: readonly string[]): Promise<Map<string, object>>;
  /** A channel's snapshot data. */
  snapshot(client: Queryable, channel: Channel): Promise<unknown>;
  /** The table whose commits announce their rows (see `announcingRows`), when the read model's do. */
  readonly announced?: AnnouncedTable;
}

/** Orders a customer's snapshot lists, newest first: an order page, not an export. */
const CUSTOMER_ORDERS_LIMIT = 100;

/**
 * The sources live channels read, for the live read models or a namespaced instance of them: named the way the
 * projection engine names a namespaced projector's state (prefixed), topics (suffixed) and views.
 */
export function liveSources(namespace: string | null): LiveSource[] {
  const name = (projection: string) => (namespace ? `${namespace}_${projection}` : projection);
  const topic = (t: string) => (namespace ? `${t}.${namespace}` : t);
  const views = namespace ? `${namespace}_read_models` : 'read_models';
  const stock = new StockLevelsStore(views);
  const orders = new OrderSummaryStore(views);
  const alerts = new LowStockAlertsStore(views);
  return [
    {
      source: 'stock',
      projection: name('stock_levels'),
      topic: topic('shopstream.inventory'),
      describe: describeStockChange,
      rows: async (client, keys) => new Map((await stock.bySkus(client, keys)).map((r) => [r.sku, r])),
      announced: {
        table: 'stock_levels',
        // Named as the engine names a version's schema: namespaced instances prefix the instance's name.
        schemaOf: (version) =>
          namespace ? `${name('stock_levels')}_v${version}` : projectionSchema('stock_levels', version),
        read: (row) => {
          const data = stockDataFromAnnounced(row);
          return data && { key: data.sku, data };
        },
      },
      snapshot: async (client, channel) => {
        if (channel.kind === 'stock-board') return { items: await stock.all(client) };
        if (channel.kind !== 'stock') throw new Error(`${channel.name} is not a stock channel`);
        // A sku no event named yet has no stock: say so in the same shape rather than with null.
        const [row] = await stock.bySkus(client, [channel.sku]);
        return (
          row ?? {
            sku: channel.sku,
            onHand: 0,
            reserved: 0,
            available: 0,
            threshold: null,
            lowStock: false,
            updatedAt: null,
          }
        );
      },
    },
    {
      source: 'orders',
      projection: name('order_summary'),
      topic: topic('shopstream.orders'),
      describe: describeOrderChange,
      rows: async (client, keys) => new Map((await orders.byIds(client, keys)).map((r) => [r.orderId, r])),
      snapshot: async (client, channel) => {
        if (channel.kind === 'customer-orders')
          return { orders: await orders.byCustomer(client, channel.customerId, CUSTOMER_ORDERS_LIMIT) };
        if (channel.kind !== 'order') throw new Error(`${channel.name} is not an order channel`);
        // null until the order's first event is applied: a client may subscribe before it places the order.
        const [row] = await orders.byIds(client, [channel.orderId]);
        return row ?? null;
      },
    },
    {
      source: 'alerts',
      projection: name('low_stock_alerts'),
      topic: topic('shopstream.inventory'),
      describe: describeAlertChange,
      rows: async (client, keys) => new Map((await alerts.latestBySkus(client, keys)).map((r) => [r.sku, r])),
      snapshot: async (client) => ({ open: await alerts.open(client) }),
    },
  ];
}
