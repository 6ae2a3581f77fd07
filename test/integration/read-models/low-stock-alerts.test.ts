import fc from 'fast-check';
import { InventoryEvent, LowStockDetected, StockReplenished } from '@shopstream/events';
import { lowStockAlertsProjection } from '@shopstream/read-models';
import { splitWhere } from '../../support/batch-splits';
import { metadata } from '../../support/event-builders';
import { ProjectionHarness } from '../../support/projection-harness';

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);
const at = (minute: number) => T0 + minute * 60_000;
const detected = (sku: string, available: number, minute: number): LowStockDetected => ({
  type: 'shopstream.inventory.LowStockDetected',
  metadata: metadata(sku, minute + 1, at(minute)),
  sku,
  available,
  threshold: 10,
});
const replenished = (sku: string, available: number, minute: number): StockReplenished => ({
  type: 'shopstream.inventory.StockReplenished',
  metadata: metadata(sku, minute + 1, at(minute)),
  sku,
  available,
  threshold: 10,
});

const ALERTS = `select sku, status, threshold::int, available_at_detection::int, detected_at, resolved_at,
  available_at_resolution::int from low_stock_alerts order by sku, detected_at`;

/** A goes low, recovers and goes low again; B goes low and stays low; C is replenished without ever being low. */
const history = (): InventoryEvent[] => [
  detected('A', 3, 1),
  detected('B', 9, 2),
  replenished('A', 20, 3),
  replenished('C', 15, 3),
  detected('A', 1, 4),
];

async function alertsAfter(batches: readonly (readonly InventoryEvent[])[]): Promise<unknown[]> {
  const harness = await ProjectionHarness.create(lowStockAlertsProjection);
  try {
    for (const batch of batches) await harness.given(...batch);
    return await harness.rows('select * from low_stock_alerts order by alert_id');
  } finally {
    await harness.close();
  }
}

describe('low_stock_alerts', () => {
  let harness: ProjectionHarness;
  beforeEach(async () => (harness = await ProjectionHarness.create(lowStockAlertsProjection)));
  afterEach(async () => harness.close());

  it('opens an alert on detection and resolves it on replenishment, one row per episode', async () => {
    await harness.given(...history());
    expect(await harness.rows(ALERTS)).toEqual([
      {
        sku: 'A',
        status: 'RESOLVED',
        threshold: 10,
        available_at_detection: 3,
        detected_at: new Date(at(1)),
        resolved_at: new Date(at(3)),
        available_at_resolution: 20,
      },
      {
        sku: 'A',
        status: 'OPEN',
        threshold: 10,
        available_at_detection: 1,
        detected_at: new Date(at(4)),
        resolved_at: null,
        available_at_resolution: null,
      },
      {
        sku: 'B',
        status: 'OPEN',
        threshold: 10,
        available_at_detection: 9,
        detected_at: new Date(at(2)),
        resolved_at: null,
        available_at_resolution: null,
      },
    ]);
  });

  it('names an alert by the event id of its detection', async () => {
    const detection = detected('D', 2, 1);
    await harness.given(detection);
    expect(await harness.rows('select alert_id from low_stock_alerts')).toEqual([
      { alert_id: detection.metadata.eventId },
    ]);
  });

  it('opens an alert once when its detection is delivered twice, and resolves it once', async () => {
    const detection = detected('E', 2, 1);
    const replenishment = replenished('E', 12, 2);
    await harness.given(detection, detection);
    await harness.given(detection, replenishment);
    await harness.given(replenishment);
    expect(await harness.rows('select status, resolved_at from low_stock_alerts')).toEqual([
      { status: 'RESOLVED', resolved_at: new Date(at(2)) },
    ]);
  });

  it('keeps the first detection while an alert is open, rather than opening a second', async () => {
    await harness.given(detected('F', 4, 1));
    await harness.given(detected('F', 2, 2));
    expect(await harness.rows('select status, available_at_detection::int from low_stock_alerts')).toEqual([
      { status: 'OPEN', available_at_detection: 4 },
    ]);
  });

  it('ignores a replenishment of a sku with no open alert', async () => {
    await harness.given(replenished('G', 30, 1));
    expect(await harness.rows('select * from low_stock_alerts')).toEqual([]);
  });

  it('gives the same alerts however the history is split into batches', async () => {
    const events = history();
    const whole = await alertsAfter([events]);
    expect(await alertsAfter(events.map((e) => [e]))).toEqual(whole);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: events.length, maxLength: events.length }),
        async (cuts) => {
          expect(await alertsAfter(splitWhere(events, cuts))).toEqual(whole);
        },
      ),
      { numRuns: 8 },
    );
  });
});
