import { Queryable } from './read-snapshot';

/** What the alerts channel carries for one alert. */
export interface AlertData {
  readonly alertId: string;
  readonly sku: string;
  readonly status: 'OPEN' | 'RESOLVED';
  readonly threshold: number;
  readonly availableAtDetection: number;
  readonly detectedAt: string;
  readonly resolvedAt: string | null;
  readonly availableAtResolution: number | null;
}

interface AlertRow {
  alert_id: string;
  sku: string;
  status: 'OPEN' | 'RESOLVED';
  threshold: string;
  available_at_detection: string;
  detected_at: Date;
  resolved_at: Date | null;
  available_at_resolution: string | null;
}

const toData = (r: AlertRow): AlertData => ({
  alertId: r.alert_id,
  sku: r.sku,
  status: r.status,
  threshold: Number(r.threshold),
  availableAtDetection: Number(r.available_at_detection),
  detectedAt: r.detected_at.toISOString(),
  resolvedAt: r.resolved_at?.toISOString() ?? null,
  availableAtResolution: r.available_at_resolution === null ? null : Number(r.available_at_resolution),
});

const COLUMNS = `alert_id, sku, status, threshold, available_at_detection, detected_at, resolved_at,
  available_at_resolution`;

/** Reads the low_stock_alerts view of the read models; the low_stock_alerts projection owns and writes it. */
export class LowStockAlertsStore {
  constructor(private readonly viewsSchema: string) {}

  /** The latest alert of each sku given. */
  async latestBySkus(client: Queryable, skus: readonly string[]): Promise<AlertData[]> {
    const { rows } = await client.query<AlertRow>(
      `select distinct on (sku) ${COLUMNS} from ${this.table()} where sku = any($1::text[])
        order by sku, detected_at desc`,
      [skus],
    );
    return rows.map(toData);
  }

  async open(client: Queryable): Promise<AlertData[]> {
    const { rows } = await client.query<AlertRow>(
      `select ${COLUMNS} from ${this.table()} where status = 'OPEN' order by detected_at`,
    );
    return rows.map(toData);
  }

  private table(): string {
    return `"${this.viewsSchema.replace(/"/g, '""')}".low_stock_alerts`;
  }
}
