import { eventMetadata, givenEvents } from '@shopstream/projections/testing';
import { foldLowStockAlerts, LowStockAlert, LowStockAlertEvent } from './low-stock-alerts.fold';

const detected = (sku: string, available: number, eventId: string, at: number): LowStockAlertEvent => ({
  type: 'shopstream.inventory.LowStockDetected',
  metadata: eventMetadata(sku, { eventId, at }),
  sku,
  available,
  threshold: 5,
});

const replenished = (sku: string, available: number, at: number): LowStockAlertEvent => ({
  type: 'shopstream.inventory.StockReplenished',
  metadata: eventMetadata(sku, { at }),
  sku,
  available,
  threshold: 5,
});

describe('low stock alerts fold', () => {
  it('given a detection, opens an alert named by the detecting event', () => {
    const alerts = foldLowStockAlerts(givenEvents([detected('A', 2, 'ev-1', 100)]), []);
    expect(alerts).toEqual([
      {
        alertId: 'ev-1',
        sku: 'A',
        status: 'OPEN',
        threshold: 5,
        availableAtDetection: 2,
        detectedAt: 100,
        resolvedAt: null,
        availableAtResolution: null,
      },
    ]);
  });

  it('resolves an alert opened in an earlier batch when the sku is replenished', () => {
    const [open] = foldLowStockAlerts(givenEvents([detected('A', 2, 'ev-1', 100)]), []);
    const alerts = foldLowStockAlerts(givenEvents([replenished('A', 9, 200)]), [open as LowStockAlert]);
    expect(alerts).toEqual([
      expect.objectContaining({
        alertId: 'ev-1',
        status: 'RESOLVED',
        resolvedAt: 200,
        availableAtResolution: 9,
      }),
    ]);
  });

  it('keeps the first detection while an alert is open, and ignores a replenishment with nothing open', () => {
    const alerts = foldLowStockAlerts(
      givenEvents([replenished('B', 9, 50), detected('A', 2, 'ev-1', 100), detected('A', 1, 'ev-2', 150)]),
      [],
    );
    expect(alerts.map((a) => [a.alertId, a.availableAtDetection])).toEqual([['ev-1', 2]]);
  });
});
