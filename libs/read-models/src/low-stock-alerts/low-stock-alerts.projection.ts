import { defineProjection } from '@shopstream/projections';
import { foldLowStockAlerts, LOW_STOCK_ALERTS_EVENTS, LowStockAlert } from './low-stock-alerts.fold';
import { LOW_STOCK_ALERTS_TABLE } from './low-stock-alerts.table';

interface OpenAlertRow {
  alert_id: string;
  sku: string;
  threshold: string;
  available_at_detection: string;
  detected_at: Date;
}

/** One row per low-stock episode of a sku: opened when it is detected, resolved when stock is replenished. */
export const lowStockAlertsProjection = defineProjection({
  name: 'low_stock_alerts',
  version: 1,
  durability: 'log-derived',
  description: 'Low-stock alerts per sku, open until the sku is replenished',
  events: LOW_STOCK_ALERTS_EVENTS,
  tables: [LOW_STOCK_ALERTS_TABLE],
  async apply(batch, sql) {
    const skus = [...new Set(batch.map((e) => e.event.sku))];
    const rows = await sql.query<OpenAlertRow>(
      `select alert_id, sku, threshold, available_at_detection, detected_at
         from low_stock_alerts where status = 'OPEN' and sku = any($1::text[])`,
      [skus],
    );
    const openBefore = rows.map((r): LowStockAlert => ({
      alertId: r.alert_id,
      sku: r.sku,
      status: 'OPEN',
      threshold: Number(r.threshold),
      availableAtDetection: Number(r.available_at_detection),
      detectedAt: r.detected_at.getTime(),
      resolvedAt: null,
      availableAtResolution: null,
    }));
    const alerts = foldLowStockAlerts(batch, openBefore);
    if (alerts.length === 0) return;
    // Rows go in the order the fold first touched them, so a sku's resolved alert is updated before its next one is
    // inserted: the one-open-alert-per-sku index is checked row by row and never sees two open at once.
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    await sql.query(
      `insert into low_stock_alerts
         (alert_id, sku, status, threshold, available_at_detection, detected_at, resolved_at, available_at_resolution)
       select * from unnest(
         $1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::timestamptz[], $7::timestamptz[], $8::bigint[]
       )
       on conflict (alert_id) do update set
         status = excluded.status,
         resolved_at = excluded.resolved_at,
         available_at_resolution = excluded.available_at_resolution`,
      [
        alerts.map((a) => a.alertId),
        alerts.map((a) => a.sku),
        alerts.map((a) => a.status),
        alerts.map((a) => a.threshold),
        alerts.map((a) => a.availableAtDetection),
        alerts.map((a) => iso(a.detectedAt)),
        alerts.map((a) => iso(a.resolvedAt)),
        alerts.map((a) => a.availableAtResolution),
      ],
    );
  },
});
