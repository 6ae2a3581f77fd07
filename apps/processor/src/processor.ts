import * as http from 'node:http';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { PlatformConfig } from '@shopstream/config';
import { createDataSource } from '@shopstream/database';
import { createEventCodec } from '@shopstream/events';
import { createLogger, lineLogger } from '@shopstream/logging';
import {
  expireUnpaidOrders,
  ORDER_FLOW_INSTANCE,
  orderFlowProcessor,
  OutboxRelay,
  RetentionSweep,
} from '@shopstream/order-flow';
import { ProjectionMetrics, ProjectionRunner, serveMetrics, topicsOf } from '@shopstream/projections';

/**
 * Wires the processor process: the order-flow processor (a consumer-group member; run more processes to scale out
 * by partitions), the outbox relay (one publishes, the others stand by), the payment-timeout sweep, the retention
 * sweep, and metrics.
 */
export class Processor {
  private sweep: NodeJS.Timeout | null = null;
  private server: http.Server | null = null;

  private constructor(
    private readonly dataSource: DataSource,
    private readonly runner: ProjectionRunner,
    private readonly relay: OutboxRelay,
    private readonly retention: RetentionSweep,
  ) {}

  static async start(config: PlatformConfig): Promise<Processor> {
    const dataSource = createDataSource(config.database.apps.processor.url, { poolSize: 8 });
    await dataSource.initialize();
    const codec = createEventCodec(config.registry.url);
    const logger = createLogger('processor');
    const metrics = new ProjectionMetrics();
    const ignored = new Counter({
      name: 'shopstream_processor_ignored_total',
      help: 'Events the order flow did not react to (late or repeated facts)',
      labelNames: ['event'] as const,
      registers: [metrics.registry],
    });
    const expired = new Counter({
      name: 'shopstream_processor_payment_timeouts_total',
      help: 'Orders cancelled for want of payment',
      registers: [metrics.registry],
    });
    const projection = orderFlowProcessor(codec, {
      ignored: (trigger, why) => {
        ignored.inc({ event: trigger.type });
        logger.info(
          {
            event: trigger.type,
            eventId: trigger.metadata.eventId,
            correlationId: trigger.metadata.correlationId,
            why,
          },
          'no reaction',
        );
      },
      parked: (trigger, why) =>
        logger.warn(
          {
            event: trigger.type,
            eventId: trigger.metadata.eventId,
            correlationId: trigger.metadata.correlationId,
            why,
          },
          'deferred payment parked in the dead letters (shopstream dlq list --projection order_flow)',
        ),
    });
    const runner = new ProjectionRunner({
      logger,
      projection,
      dataSource,
      codec,
      brokers: config.kafka.brokers,
      metrics,
      clientId: 'shopstream-processor',
      instance: { ...ORDER_FLOW_INSTANCE, topics: topicsOf(projection) },
    });
    const relay = new OutboxRelay({
      databaseUrl: config.database.apps.processor.url,
      brokers: config.kafka.brokers,
      producers: config.orderFlow.relayProducers,
      log: lineLogger(logger),
    });
    new Gauge({
      name: 'shopstream_outbox_relay_leader',
      help: '1 when this process is the one publishing the outbox',
      registers: [metrics.registry],
      collect() {
        this.set(relay.isLeader ? 1 : 0);
      },
    });
    new Gauge({
      name: 'shopstream_outbox_published_total',
      help: 'Outbox events this process published',
      registers: [metrics.registry],
      collect() {
        this.set(relay.published);
      },
    });
    // Several processors may sweep at once: each batch deletes rows by ctid, so they only share the work.
    const retention = new RetentionSweep({
      sql: { query: (text, params) => dataSource.query(text, params ? [...params] : undefined) },
      brokers: config.kafka.brokers,
      retention: config.retention,
      processorLedger: {
        schema: ORDER_FLOW_INSTANCE.schema,
        projection: projection.name,
        version: projection.version,
      },
      log: lineLogger(logger),
    });
    const processor = new Processor(dataSource, runner, relay, retention);
    await relay.start();
    await runner.start();
    retention.start();
    processor.sweep = setInterval(() => {
      expireUnpaidOrders(dataSource, codec, config.orderFlow.paymentTimeoutMs).then(
        (n) => expired.inc(n),
        (error: unknown) =>
          logger.error({ err: error }, 'payment-timeout sweep failed; it runs again in 5 s'),
      );
    }, 5_000);
    processor.server = await serveMetrics(
      metrics.registry,
      config.ports.processorMetrics,
      'SHOPSTREAM_PROCESSOR_METRICS_PORT',
    );
    return processor;
  }

  async stop(): Promise<void> {
    if (this.sweep) clearInterval(this.sweep);
    await this.retention.stop();
    await this.runner.stop();
    await this.relay.stop();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await this.dataSource.destroy();
  }
}
