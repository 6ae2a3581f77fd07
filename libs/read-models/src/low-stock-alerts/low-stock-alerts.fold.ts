import { EventOfType } from '@shopstream/events';
import { ProjectedEvent } from '@shopstream/projections';

export const LOW_STOCK_ALERTS_EVENTS = [
  'shopstream.inventory.LowStockDetected',
  'shopstream.inventory.StockReplenished',
] as const;

export type LowStockAlertEvent = EventOfType<(typeof LOW_STOCK_ALERTS_EVENTS)[number]>;

export interface LowStockAlert {
  alertId: string;
  sku: string;
  status: 'OPEN' | 'RESOLVED';
  threshold: number;
  availableAtDetection: number;
  detectedAt: number;
  resolvedAt: number | null;
  availableAtResolution: number | null;
}

/**
 * Folds a batch onto the alerts already open for its skus and returns every alert it opened or resolved. Inventory
 * events are keyed by sku, so a sku's detections and replenishments arrive in the order they happened.
 */
export function foldLowStockAlerts(
  batch: readonly ProjectedEvent<LowStockAlertEvent>[],
  openBefore: readonly LowStockAlert[],
): LowStockAlert[] {
  const open = new Map(openBefore.map((alert) => [alert.sku, alert]));
  const touched = new Map<string, LowStockAlert>();
  for (const { event } of batch) {
    const current = open.get(event.sku);
    switch (event.type) {
      case 'shopstream.inventory.LowStockDetected': {
        // Inventory detects on the downward crossing only; a second detection while the alert is open says nothing
        // new, and keeping the first detection keeps detected_at as the moment the sku actually went low.
        if (current) break;
        const alert: LowStockAlert = {
          alertId: event.metadata.eventId,
          sku: event.sku,
          status: 'OPEN',
          threshold: event.threshold,
          availableAtDetection: event.available,
          detectedAt: event.metadata.occurredAt,
          resolvedAt: null,
          availableAtResolution: null,
        };
        open.set(event.sku, alert);
        touched.set(alert.alertId, alert);
        break;
      }
      case 'shopstream.inventory.StockReplenished': {
        // No open alert: the sku went back above its threshold without ever having been detected low (e.g. the
        // threshold was set while stock was already low), so there is nothing to resolve.
        if (!current) break;
        const resolved: LowStockAlert = {
          ...current,
          status: 'RESOLVED',
          resolvedAt: event.metadata.occurredAt,
          availableAtResolution: event.available,
        };
        open.delete(event.sku);
        touched.set(resolved.alertId, resolved);
        break;
      }
      default: {
        const unreachable: never = event;
        throw new Error(`Unhandled event ${JSON.stringify(unreachable)}`);
      }
    }
  }
  return [...touched.values()];
}
