import { Writable } from 'node:stream';
import pino from 'pino';
import { IncomingRecord, RecordBatch } from '@shopstream/kafka';
import { ProjectionMetrics } from '../metrics/projection-metrics';
import { LaneTelemetry, recordFields } from './lane-telemetry';

/** A logger writing its JSON lines into an array, as the host's logger would write them to stderr. */
function capturedLogger(component: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ base: { component } }, stream), lines };
}

const record = (offset: string, headers: Record<string, string> = {}): IncomingRecord => ({
  topic: 'shopstream.orders',
  partition: 2,
  offset,
  key: 'order-1',
  value: Buffer.from('x'),
  timestamp: 0,
  headers,
});

const batch = (highWatermark: string): RecordBatch => ({
  topic: 'shopstream.orders',
  partition: 2,
  records: [record('10')],
  highWatermark,
});

const flush = () => new Promise((resolve) => setImmediate(resolve));

async function metricValue(metrics: ProjectionMetrics, name: string, labels: Record<string, string>) {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const value = (metric?.values ?? []).find((v) =>
    Object.entries(labels).every(([k, l]) => (v.labels as Record<string, unknown>)[k] === l),
  );
  return value?.value;
}

describe('LaneTelemetry', () => {
  it('takes the correlation id of a log line from the record header', () => {
    expect(recordFields(record('5', { 'correlation-id': 'req-42' }))).toEqual({
      topic: 'shopstream.orders',
      partition: 2,
      offset: '5',
      correlationId: 'req-42',
    });
    expect(recordFields(record('5'))).not.toHaveProperty('correlationId');
  });

  it("logs a parked record under the host's component, with its projection, position and correlation id", async () => {
    const { logger, lines } = capturedLogger('processor');
    const metrics = new ProjectionMetrics();
    const telemetry = new LaneTelemetry(metrics, logger, 'order_flow');
    telemetry.parked(
      [
        {
          topic: 'shopstream.orders',
          partition: 2,
          offset: '11',
          key: 'order-1',
          value: null,
          errorCode: 'PROJECTION_INVARIANT',
          message: 'no such order',
        },
      ],
      [record('11', { 'correlation-id': 'req-7' })],
    );
    await flush();
    expect(lines).toEqual([
      expect.objectContaining({
        component: 'processor',
        projection: 'order_flow',
        topic: 'shopstream.orders',
        partition: 2,
        offset: '11',
        correlationId: 'req-7',
        code: 'PROJECTION_INVARIANT',
      }),
    ]);
    expect(
      await metricValue(metrics, 'shopstream_projection_dead_letters_total', {
        code: 'PROJECTION_INVARIANT',
      }),
    ).toBe(1);
  });

  it('reports a log gap once in the log, and keeps its size in the metric until it closes', async () => {
    const { logger, lines } = capturedLogger('projector');
    const metrics = new ProjectionMetrics();
    const telemetry = new LaneTelemetry(metrics, logger, 'order_summary');
    telemetry.logGap(batch('500'), 100n, 250n, true);
    telemetry.logGap(batch('500'), 100n, 250n, false);
    await flush();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ code: 'PROJECTION_LOG_GAP', offset: '100', partition: 2 });
    const labels = { projection: 'order_summary', partition: '2' };
    expect(await metricValue(metrics, 'shopstream_projection_log_gap_events', labels)).toBe(150);
    telemetry.logGapClosed(batch('500'));
    expect(await metricValue(metrics, 'shopstream_projection_log_gap_events', labels)).toBe(0);
  });

  it('counts the events behind the log end, and no lag in seconds once caught up', async () => {
    const { logger } = capturedLogger('projector');
    const metrics = new ProjectionMetrics();
    const telemetry = new LaneTelemetry(metrics, logger, 'order_summary');
    const labels = { projection: 'order_summary', partition: '2' };
    telemetry.lag(batch('120'), 100n, undefined);
    expect(await metricValue(metrics, 'shopstream_projection_lag_events', labels)).toBe(20);
    telemetry.lag(batch('120'), 120n, undefined);
    expect(await metricValue(metrics, 'shopstream_projection_lag_events', labels)).toBe(0);
    expect(await metricValue(metrics, 'shopstream_projection_lag_seconds', labels)).toBe(0);
  });

  it('counts a retry and says when it comes', async () => {
    const { logger, lines } = capturedLogger('projector');
    const metrics = new ProjectionMetrics();
    new LaneTelemetry(metrics, logger, 'payments').retrying(new Error('deadlock detected'), 400, record('3'));
    await flush();
    expect(lines[0]).toMatchObject({
      msg: 'deadlock detected; retrying in 400 ms',
      delayMs: 400,
      offset: '3',
    });
    expect(
      await metricValue(metrics, 'shopstream_projection_transient_retries_total', { projection: 'payments' }),
    ).toBe(1);
  });

  it("splits a queued batch's way to its commit: fetched, queued, visible, timed from its newest record", async () => {
    const { logger } = capturedLogger('projector');
    const metrics = new ProjectionMetrics();
    const telemetry = new LaneTelemetry(metrics, logger, 'stock');
    const fetched: RecordBatch = {
      ...batch('12'),
      records: [
        { ...record('10'), timestamp: 1_000 },
        { ...record('11'), timestamp: 1_004 },
      ],
    };
    const members = [{ batch: fetched, events: [], receivedAt: 1_007 }];
    telemetry.dequeued(members, 1_027);
    telemetry.visible(members, 1_054);
    // The sum of a histogram: what the one observation was.
    const sums = async (name: string) => {
      const text = await metrics.registry.getSingleMetricAsString(name);
      return Number(/_sum\{[^}]*\} (\S+)/.exec(text)?.[1]);
    };
    expect(await sums('shopstream_projection_fetch_delay_seconds')).toBeCloseTo(0.003, 6);
    expect(await sums('shopstream_projection_queued_seconds')).toBeCloseTo(0.02, 6);
    expect(await sums('shopstream_projection_visible_seconds')).toBeCloseTo(0.05, 6);
  });
});
