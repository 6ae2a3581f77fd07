import * as http from 'node:http';
import { DataSource } from 'typeorm';
import { PlatformConfig } from '@shopstream/config';
import { createDataSource } from '@shopstream/database';
import { createEventCodec } from '@shopstream/events';
import { createLogger, Logger } from '@shopstream/logging';
import {
  ensureCurrentVersion,
  liveInstanceOf,
  Projection,
  ProjectionMetrics,
  ProjectionRunner,
  projectorGroup,
  serveMetrics,
} from '@shopstream/projections';

/**
 * Wires the projector process: one runner for all its projections (each topic fetched and decoded once, what a fetch
 * brings applied in one transaction), a Prometheus endpoint, and a clean stop on SIGTERM. Processes started with
 * the same projections share the consumer group and split the partitions. A namespace runs the same projections
 * as an isolated instance (tests, benchmarks).
 */
export class Projector {
  private readonly runners: ProjectionRunner[] = [];
  private server: http.Server | null = null;

  private constructor(
    private readonly dataSource: DataSource,
    readonly metrics: ProjectionMetrics,
    /** The projections this process runs (SHOPSTREAM_PROJECTOR_ONLY may name fewer than all). */
    readonly projections: readonly string[],
  ) {}

  static async start(
    config: PlatformConfig,
    all: readonly Projection[],
    logger: Logger = createLogger('projector'),
  ): Promise<Projector> {
    const selected = config.projector.only.length
      ? all.filter((p) => config.projector.only.includes(p.name))
      : all;
    const unknown = config.projector.only.filter((name) => !all.some((p) => p.name === name));
    if (unknown.length) {
      throw new Error(
        `SHOPSTREAM_PROJECTOR_ONLY names unknown projections: ${unknown.join(', ')}; known: ${all.map((p) => p.name).join(', ')}`,
      );
    }
    const dataSource = createDataSource(config.database.apps.projector.url, {
      poolSize: Math.max(4, selected.length + 2),
    });
    await dataSource.initialize();
    const projector = new Projector(
      dataSource,
      new ProjectionMetrics(),
      selected.map((p) => p.name),
    );
    const codec = createEventCodec(config.registry.url);
    const ns = config.projector.namespace;
    const lanes = [];
    for (const projection of selected) {
      // A namespaced instance publishes views too (`<ns>_read_models`): readers' roles may read only views.
      await ensureCurrentVersion(dataSource, projection, {
        brokers: config.kafka.brokers,
        namespace: ns,
        logger,
      });
      lanes.push({ projection, instance: liveInstanceOf(projection, ns) });
    }
    const [first, ...alongside] = lanes;
    if (first) {
      projector.runners.push(
        new ProjectionRunner({
          logger,
          ...first,
          alongside,
          groupId: projectorGroup(selected, ns),
          dataSource,
          codec,
          brokers: config.kafka.brokers,
          metrics: projector.metrics,
          clientId: 'shopstream-projector',
          transactionPaceMs: config.projector.transactionPaceMs,
        }),
      );
    }
    await Promise.all(projector.runners.map((r) => r.start()));
    projector.server = await serveMetrics(
      projector.metrics.registry,
      config.ports.projectorMetrics,
      'SHOPSTREAM_PROJECTOR_METRICS_PORT',
    );
    return projector;
  }

  async stop(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await this.dataSource.destroy();
  }
}
