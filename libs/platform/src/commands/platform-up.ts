import * as path from 'node:path';
import { PlatformConfig } from '@shopstream/config';
import { runMigrations } from '@shopstream/database';
import {
  readSchemaFiles,
  registerSchemas,
  resolveSchemaTree,
  SchemaRegistryClient,
} from '@shopstream/events/tooling';
import {
  applyTopicCatalog,
  describeCluster,
  fetchPartitionOffsets,
  readTopicCatalog,
  TopicPlan,
  warmCoordinators,
} from '@shopstream/kafka';
import { APP_SERVICES, AppService, ensureApp } from '../app-processes/app-services';
import { ensureKafka } from '../kafka/kafka-service';
import { PlatformError } from '../platform.errors';
import { bindToKafkaCluster } from '../postgres/kafka-cluster-binding';
import { checkPostgres, databaseName, ensureDatabase } from '../postgres/postgres-admin';
import { bindToRegistry } from '../registry/registry-binding';
import { ensureRegistry } from '../registry/registry-service';

export interface UpResult {
  readonly kafka: 'running' | 'started';
  readonly registry: 'running' | 'started';
  readonly topics: TopicPlan;
  readonly migrations: readonly string[];
}

/**
 * Brings every service up in dependency order, one JVM after the other (two cores are all there is), and applies
 * the topic catalog and migrations. Idempotent: on a running platform it only re-checks health and reports.
 */
export async function platformUp(
  config: PlatformConfig,
  options: { brokers: number; apps: boolean; optionalApps?: readonly string[] },
  report: (line: string) => void,
): Promise<UpResult> {
  const optional = APP_SERVICES.filter((app) => app.optional).map((app) => app.name);
  const unknown = (options.optionalApps ?? []).filter((name) => !optional.includes(name));
  if (unknown.length > 0)
    throw new PlatformError(
      'CONFIG_INVALID',
      `up --with names ${unknown.join(', ')}, not an optional app.`,
      `Name one of: ${optional.join(', ')}.`,
    );
  await checkPostgres(config.database.url);
  const database = databaseName(config.database.url);
  if (await ensureDatabase(config.database.url, database)) report(`postgres: created database ${database}`);
  report('postgres: ready');

  const kafka = await ensureKafka(config, options.brokers, report);
  await warmCoordinators(config.kafka.brokers);
  report(
    `kafka: ${kafka === 'running' ? 'already running, healthy' : 'ready'} (${config.kafka.brokers.join(',')})`,
  );

  const registry = await ensureRegistry(config, report);
  report(
    `registry: ${registry === 'running' ? 'already running, healthy' : 'ready'} (${config.registry.url})`,
  );

  const registered = await registerSchemas(
    new SchemaRegistryClient(config.registry.url),
    resolveSchemaTree(readSchemaFiles(config.root)),
  );
  report(
    `registry: ${registered.length} event schemas registered (${new Set(registered.map((r) => r.subject)).size} subjects)`,
  );

  const topics = await applyTopicCatalog(
    config.kafka.brokers,
    readTopicCatalog(path.join(config.root, 'infra', 'topics.json')),
  );
  for (const t of topics.create)
    report(`topics: created ${t.name} (${t.partitions} partitions, rf ${t.replicationFactor})`);
  for (const p of topics.addPartitions) report(`topics: ${p.name} partitions ${p.from} -> ${p.to}`);
  for (const d of topics.drift) report(`topics: DRIFT ${d}`);
  if (topics.unchanged.length) report(`topics: ${topics.unchanged.length} unchanged`);

  const migrations = await runMigrations(config.database.url);
  report(
    migrations.length
      ? `postgres: applied migrations ${migrations.join(', ')}`
      : 'postgres: migrations up to date',
  );

  const { clusterId } = await describeCluster(config.kafka.brokers);
  const existingTopics = [...topics.addPartitions.map((t) => t.name), ...topics.unchanged];
  // Topics this `up` just created hold nothing; only topics that were already there need their offsets read.
  const binding = await bindToKafkaCluster(config.database.url, clusterId, async () =>
    (await fetchPartitionOffsets(config.kafka.brokers, existingTopics)).every((p) => p.high === p.low),
  );
  if (binding === 'reset') {
    report(
      `postgres: cleared checkpoints, read models and order state built from another Kafka cluster; cluster ${clusterId} starts empty`,
    );
  }

  const catalogTopics = [...topics.create, ...topics.addPartitions, ...topics.unchanged].map((t) =>
    typeof t === 'string' ? t : t.name,
  );
  const schemaIds = await bindToRegistry(config.database.url, config.registry.url, registered, async () =>
    (await fetchPartitionOffsets(config.kafka.brokers, catalogTopics)).every((p) => p.high === p.low),
  );
  if (schemaIds === 'rebound')
    report('registry: schema ids changed while the log is empty; recorded the new ones');

  // The apps start one after the other, like the JVMs: two cores, and each warms up its own connections.
  const wanted = (app: AppService) => !app.optional || (options.optionalApps ?? []).includes(app.name);
  for (const app of options.apps ? APP_SERVICES.filter(wanted) : []) {
    const state = await ensureApp(config, app, report);
    if (state === 'running') report(`${app.name}: already running, healthy`);
  }
  return { kafka, registry, topics, migrations };
}
