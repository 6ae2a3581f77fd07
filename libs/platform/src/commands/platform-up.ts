import * as path from 'node:path';
import { PlatformConfig } from '@shopstream/config';
import { ensureLocalAdminKey, ensureLocalSigningKeys, localSecretPaths } from '@shopstream/access';
import { runMigrations } from '@shopstream/database';
import { Pool } from 'pg';
import {
  readSchemaFiles,
  registerSchemas,
  resolveSchemaTree,
  SchemaRegistryClient,
} from '@shopstream/events/tooling';
import {
  applyAccessRules,
  applyTopicCatalog,
  describeCluster,
  fetchPartitionOffsets,
  readTopicCatalog,
  TopicPlan,
  useKafkaCredentials,
  warmCoordinators,
} from '@shopstream/kafka';
import { APP_SERVICES, AppService, ensureApp } from '../app-processes/app-services';
import { accessRules, platformTopics, RULED_PRINCIPALS } from '../kafka/kafka-access';
import { ensureKafkaPasswords, scramCredentials } from '../kafka/kafka-secrets';
import { ensureKafka } from '../kafka/kafka-service';
import { PlatformError } from '../platform.errors';
import { bindToKafkaCluster } from '../postgres/kafka-cluster-binding';
import { checkPostgres, databaseName, ensureDatabase } from '../postgres/postgres-admin';
import { applyRolePasswords } from '../postgres/role-passwords';
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

  const passwords = ensureKafkaPasswords(config);
  // `up` is the operator: from here on this process's clients connect as the admin principal.
  useKafkaCredentials(scramCredentials(passwords, 'admin'));
  const kafka = await ensureKafka(config, options.brokers, passwords, report);
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

  const catalog = readTopicCatalog(path.join(config.root, 'infra', 'topics.json'));
  const topics = await applyTopicCatalog(config.kafka.brokers, catalog);
  for (const t of topics.create)
    report(`topics: created ${t.name} (${t.partitions} partitions, rf ${t.replicationFactor})`);
  for (const p of topics.addPartitions) report(`topics: ${p.name} partitions ${p.from} -> ${p.to}`);
  for (const d of topics.drift) report(`topics: DRIFT ${d}`);
  if (topics.unchanged.length) report(`topics: ${topics.unchanged.length} unchanged`);

  const acls = await applyAccessRules(
    config.kafka.brokers,
    RULED_PRINCIPALS,
    accessRules(platformTopics(catalog)),
  );
  report(
    `kafka: ACLs of ${RULED_PRINCIPALS.length} principals up to date (${acls.created} added, ${acls.removed} removed)`,
  );

  const migrations = await runMigrations(config.database.url);
  report(
    migrations.length
      ? `postgres: applied migrations ${migrations.join(', ')}`
      : 'postgres: migrations up to date',
  );

  // The migrations made the apps' roles; the passwords are this machine's, generated once into secrets/.
  const derived = Object.values(config.database.apps).filter((a) => a.source === 'SHOPSTREAM_DATABASE_URL');
  const passwordsSet = await applyRolePasswords(
    config.database.url,
    config.home,
    derived.map((a) => a.role),
  );
  report(
    `postgres: app roles ready (${Object.values(config.database.apps)
      .map((a) => a.role)
      .join(', ')})${passwordsSet.length ? `; set the password of ${passwordsSet.join(', ')}` : ''}`,
  );
  await ensureLocalCredentials(config, report);

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

/**
 * Local development credentials, on by default: the admin key the CLI, simulator, benchmark and tests send, and
 * the key pair customer tokens are signed and checked with, each under the home's secrets (0600). Skipped where
 * production settings name their own key set or key.
 */
async function ensureLocalCredentials(config: PlatformConfig, report: (line: string) => void): Promise<void> {
  const paths = localSecretPaths(config.home);
  if (
    !config.security.jwt.jwksUrl &&
    !config.security.jwt.jwksFile &&
    (await ensureLocalSigningKeys(config.home))
  )
    report(`security: generated the local customer-token signing key (${paths.jwks})`);
  if (config.security.apiKey) return;
  const pool = new Pool({ connectionString: config.database.url, max: 1, application_name: 'shopstream up' });
  try {
    const made = await ensureLocalAdminKey(
      {
        query: async <R>(text: string, params?: readonly unknown[]) =>
          (await pool.query(text, params ? [...params] : undefined)).rows as R[],
      },
      config.home,
    );
    report(`security: ${made ? 'created' : 'kept'} the local admin API key (${paths.adminKey})`);
  } finally {
    await pool.end();
  }
}
