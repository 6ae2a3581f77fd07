import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { KafkaCredentials } from '@shopstream/kafka';
import { Cleanup } from '../support/cleanup';
import { sleep, waitFor } from '../support/wait-for';

export interface PeerResult {
  readonly converter: 'avro (Apicurio AvroConverter 2.6.13.Final, Confluent frame, contentId)';
  readonly tasks: number;
  readonly rows: number;
  /** From the first row visible to the last: the peer's steady sink rate, JVM and group start-up left out. */
  readonly perSecond: number;
  readonly seconds: number;
  /** From starting the JVM to the last row. */
  readonly wallSeconds: number;
}

const TASKS = 2;

/** Fetches the peer's jars with Maven (once; they are kept under .shopstream/connect). */
export function ensureConnectJars(root: string, home: string): string {
  const connectHome = path.join(home, 'connect');
  if (!fs.existsSync(path.join(connectHome, 'lib', 'connect-runtime-4.1.1.jar'))) {
    execFileSync(
      'mvn',
      ['-B', '-q', '-s', 'infra/connect/settings.xml', '-f', 'infra/connect/pom.xml', 'package'],
      { cwd: root, stdio: 'inherit' },
    );
  }
  return connectHome;
}

/**
 * Peer: Kafka Connect 4.1.1 standalone with the Debezium JDBC sink, reading the event set's copy of one topic in
 * Avro through Apicurio's converter (Confluent frame, 4-byte content id, which is what the registry's ccompat API
 * hands out), flattening the metadata record and upserting every event by its event id into a table of its own.
 */
export async function runConnectPeer(options: {
  root: string;
  home: string;
  ns: string;
  topic: string;
  expected: number;
  brokers: readonly string[];
  /** The principal Connect's clients log in as (the broker requires SASL/SCRAM); null for a broker without it. */
  credentials: KafkaCredentials | null;
  registryUrl: string;
  databaseUrl: string;
  dataSource: DataSource;
  timeoutMs: number;
  cleanup: Cleanup;
}): Promise<PeerResult> {
  const { ns, dataSource, cleanup } = options;
  const connectHome = ensureConnectJars(options.root, options.home);
  const runDir = path.join(options.home, 'bench', ns, 'connect');
  fs.mkdirSync(runDir, { recursive: true });
  const schema = `${ns}_peer`;
  await dataSource.query(`create schema if not exists "${schema}"`);
  // The topic carries four event types; PaymentFailed alone has failureCode (required) and message. Created from
  // the first record, the table would get NOT NULL columns for one type, and the sink refuses to add another
  // type's required field to a table ("not optional but has no default value"): so the table is made up front
  // with every column of the topic's events, flattened as the Flatten transform names them, all nullable.
  await dataSource.query(`create table "${schema}".events (
    "metadata_eventId" text primary key,
    "metadata_occurredAt" timestamptz,
    "metadata_aggregateId" text,
    "metadata_aggregateVersion" bigint,
    "metadata_correlationId" text,
    "metadata_causationId" text,
    "metadata_producer" text,
    "orderId" text,
    "paymentId" text,
    "amountMinor" bigint,
    "currency" text,
    "failureCode" text,
    "message" text
  )`);
  cleanup.add(`drop schema ${schema}`, async () => {
    await dataSource.query(`drop schema if exists "${schema}" cascade`);
  });
  const db = new URL(options.databaseUrl);
  const registryV2 = options.registryUrl.replace(/\/apis\/ccompat\/v\d+\/?$/, '/apis/registry/v2');
  const port = 18_083 + Math.floor(Math.random() * 500);
  const worker = [
    `bootstrap.servers=${options.brokers.join(',')}`,
    'key.converter=org.apache.kafka.connect.storage.StringConverter',
    'value.converter=io.apicurio.registry.utils.converter.AvroConverter',
    `value.converter.apicurio.registry.url=${registryV2}`,
    // Our producers write the Confluent frame (magic byte + 4-byte id); the registry's ccompat ids are content ids.
    'value.converter.apicurio.registry.as-confluent=true',
    'value.converter.apicurio.registry.use-id=contentId',
    'value.converter.apicurio.registry.headers.enabled=false',
    `offset.storage.file.filename=${path.join(runDir, 'offsets')}`,
    `plugin.path=${path.join(connectHome, 'plugins')}`,
    `listeners=http://127.0.0.1:${port}`,
    `rest.advertised.host.name=127.0.0.1`,
    'connector.client.config.override.policy=All',
    'offset.flush.interval.ms=5000',
    // The worker's own admin client and the sink tasks' consumers each take their login from their own prefix.
    ...['', 'consumer.', 'producer.', 'admin.'].flatMap((prefix) =>
      saslProperties(prefix, options.credentials),
    ),
  ];
  const connector = [
    `name=bench-peer-${ns}`,
    'connector.class=io.debezium.connector.jdbc.JdbcSinkConnector',
    `tasks.max=${TASKS}`,
    `topics=${options.topic}`,
    `connection.url=jdbc:postgresql://${db.hostname}:${db.port || 5432}${db.pathname}?currentSchema=${schema}`,
    `connection.username=${decodeURIComponent(db.username) || 'postgres'}`,
    `connection.password=${decodeURIComponent(db.password)}`,
    'insert.mode=upsert',
    'primary.key.mode=record_value',
    'primary.key.fields=metadata_eventId',
    'schema.evolution=basic',
    'quote.identifiers=true',
    'collection.name.format=events',
    'batch.size=2000',
    'consumer.override.max.poll.records=2000',
    'consumer.override.auto.offset.reset=earliest',
    'transforms=flatten',
    'transforms.flatten.type=org.apache.kafka.connect.transforms.Flatten$Value',
    'transforms.flatten.delimiter=_',
  ];
  const log4j = [
    'log4j.rootLogger=INFO, file',
    'log4j.appender.file=org.apache.log4j.FileAppender',
    `log4j.appender.file.File=${path.join(options.home, 'logs', `bench-connect-${ns}.log`)}`,
    'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
  ];
  fs.mkdirSync(path.join(options.home, 'logs'), { recursive: true });
  fs.writeFileSync(path.join(runDir, 'worker.properties'), worker.join('\n') + '\n');
  fs.writeFileSync(path.join(runDir, 'connector.properties'), connector.join('\n') + '\n');
  fs.writeFileSync(path.join(runDir, 'log4j.properties'), log4j.join('\n') + '\n');
  cleanup.add(`remove ${runDir}`, async () => fs.rmSync(runDir, { recursive: true, force: true }));

  const started = Date.now();
  const child: ChildProcess = spawn(
    'java',
    [
      '-Xms256m',
      '-Xmx1g',
      `-Dlog4j.configuration=file:${path.join(runDir, 'log4j.properties')}`,
      '-cp',
      `${path.join(connectHome, 'lib')}/*`,
      'org.apache.kafka.connect.cli.ConnectStandalone',
      path.join(runDir, 'worker.properties'),
      path.join(runDir, 'connector.properties'),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], cwd: runDir },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-4_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanup.add(`stop Kafka Connect (pid ${child.pid})`, async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(20_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  const logFile = path.join(options.home, 'logs', `bench-connect-${ns}.log`);
  const count = async (): Promise<number> => {
    // A failed task does not stop the worker: fail fast instead of waiting out the deadline.
    const failed = fs.existsSync(logFile) && /Task threw an uncaught/.exec(fs.readFileSync(logFile, 'utf8'));
    if (failed) throw new Error(`a Kafka Connect task failed; see ${logFile}`);
    if (child.exitCode !== null)
      throw new Error(
        `Kafka Connect exited with ${child.exitCode}: ${stderr.slice(-1_000)} (see .shopstream/logs)`,
      );
    const [exists] = await dataSource.query<{ t: string | null }[]>('select to_regclass($1) as t', [
      `"${schema}".events`,
    ]);
    if (!exists?.t) return 0;
    const [row] = await dataSource.query<{ n: number }[]>(
      `select count(*)::int as n from "${schema}".events`,
    );
    return row?.n ?? 0;
  };
  let firstAt = 0;
  let firstRows = 0;
  await waitFor(
    async () => {
      const n = await count();
      if (n > 0 && firstAt === 0) {
        firstAt = Date.now();
        firstRows = n;
      }
      return n >= options.expected;
    },
    { timeoutMs: options.timeoutMs, intervalMs: 200, what: `the peer to sink ${options.expected} rows` },
  );
  const done = Date.now();
  const seconds = Math.max(0.001, (done - firstAt) / 1000);
  return {
    converter: 'avro (Apicurio AvroConverter 2.6.13.Final, Confluent frame, contentId)',
    tasks: TASKS,
    rows: options.expected,
    perSecond: (options.expected - firstRows) / seconds,
    seconds,
    wallSeconds: (done - started) / 1000,
  };
}

/** Java client properties that log in as `credentials` over SASL/SCRAM, under `prefix`; none without credentials. */
function saslProperties(prefix: string, credentials: KafkaCredentials | null): string[] {
  if (!credentials) return [];
  const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return [
    `${prefix}security.protocol=SASL_PLAINTEXT`,
    `${prefix}sasl.mechanism=SCRAM-SHA-512`,
    `${prefix}sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required ` +
      `username=${quoted(credentials.username)} password=${quoted(credentials.password)};`,
  ];
}
