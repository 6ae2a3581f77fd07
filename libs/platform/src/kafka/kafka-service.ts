import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { PlatformConfig } from '@shopstream/config';
import { describeCluster } from '@shopstream/kafka';
import { findJava } from '../java/find-java';
import { fetchMavenDependencies } from '../maven/maven-fetch';
import { PlatformError, portTaken, serviceDied, serviceNotReady } from '../platform.errors';
import { runningPid, sleep, spawnDetached, stopProcess, tailFile } from '../process/managed-process';
import { isPortFree, portOwner } from '../process/port-check';
import { statePaths } from '../state-paths';
import { newClusterId, nodePorts, renderKafkaProperties } from './kafka-properties';
import { KafkaPasswords, scramBootstrapArguments } from './kafka-secrets';

const run = promisify(execFile);
const MAIN_CLASS = 'kafka.Kafka';
// The flags of Apache's own kafka-server-start.sh; the heap is small because CPU, not memory, is scarce here.
const JVM_FLAGS = [
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:InitiatingHeapOccupancyPercent=35',
  '-XX:+ExplicitGCInvokesConcurrent',
  '-Djava.awt.headless=true',
];

interface ClusterFile {
  readonly clusterId: string;
  readonly nodes: number;
  /** Absent in data formatted before brokers required SASL/SCRAM. */
  readonly security?: 'sasl-scram';
}

export const kafkaServiceName = (id: number) => `kafka-${id}`;

export function readClusterFile(config: PlatformConfig): ClusterFile | null {
  const file = statePaths(config.home).kafkaClusterFile;
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as ClusterFile) : null;
}

/** The pids of the broker nodes that are running, by node id. */
export function runningKafkaNodes(config: PlatformConfig): Map<number, number> {
  const paths = statePaths(config.home);
  const nodes = readClusterFile(config)?.nodes ?? 1;
  const running = new Map<number, number>();
  for (let id = 1; id <= nodes; id++) {
    const pid = runningPid(paths.pid(kafkaServiceName(id)), MAIN_CLASS);
    if (pid !== null) running.set(id, pid);
  }
  return running;
}

/**
 * Brings up a KRaft cluster of `nodes` combined broker+controller nodes, or confirms the running one. Data survives
 * `down`/`up`: storage is formatted once, with --ignore-formatted, and the cluster id is kept in cluster.json.
 */
export async function ensureKafka(
  config: PlatformConfig,
  nodes: number,
  passwords: KafkaPasswords,
  report: (line: string) => void,
): Promise<'running' | 'started'> {
  const paths = statePaths(config.home);
  const existing = readClusterFile(config);
  if (existing && existing.security !== 'sasl-scram') {
    throw new PlatformError(
      'KAFKA_DATA_UNSECURED',
      `The Kafka data in ${paths.kafkaData} was formatted without SASL/SCRAM users; brokers now require them.`,
      'Run `npx shopstream reset --yes` (it deletes the local Kafka data and read models) and `npx shopstream up` again.',
    );
  }
  if (existing && existing.nodes !== nodes) {
    throw new PlatformError(
      'KAFKA_TOPOLOGY_CHANGED',
      `The Kafka data in ${paths.kafkaData} belongs to a ${existing.nodes}-broker cluster; ${nodes} were asked for.`,
      `Run \`npx shopstream up --brokers ${existing.nodes}\`, or \`npx shopstream reset\` to start over with ${nodes}.`,
    );
  }
  const running = runningKafkaNodes(config);
  if (running.size === nodes) {
    await waitForBrokers(config, nodes, Date.now() + config.kafka.readyTimeoutMs);
    return 'running';
  }

  const java = findJava(17, 'The Kafka broker');
  const fetched = await fetchMavenDependencies(
    path.join(config.root, 'infra', 'kafka', 'pom.xml'),
    paths.kafkaLibs,
  );
  report(
    fetched === 'fetched' ? 'kafka: fetched broker jars from Maven Central' : 'kafka: broker jars cached',
  );

  const cluster: ClusterFile = existing ?? {
    clusterId: newClusterId(() => randomBytes(16)),
    nodes,
    security: 'sasl-scram',
  };
  fs.mkdirSync(paths.kafkaData, { recursive: true });
  fs.mkdirSync(paths.logs, { recursive: true });
  fs.mkdirSync(paths.run, { recursive: true });
  fs.writeFileSync(paths.kafkaClusterFile, JSON.stringify(cluster, null, 2));

  const classpath = `${paths.kafkaLibs}/*`;
  const toStart: number[] = [];
  for (let id = 1; id <= nodes; id++) if (!running.has(id)) toStart.push(id);
  for (const id of toStart) await checkPorts(config, id);

  const propsOf = (id: number) => path.join(paths.kafkaNode(id), 'server.properties');
  for (const id of toStart) {
    const dir = paths.kafkaNode(id);
    fs.mkdirSync(dir, { recursive: true });
    // The file holds the broker's password: readable by the owner only.
    fs.writeFileSync(
      propsOf(id),
      renderKafkaProperties({
        id,
        nodes,
        basePort: config.kafka.port,
        dataDir: path.join(dir, 'data'),
        brokerPassword: passwords.broker,
      }),
      { mode: 0o600 },
    );
    fs.chmodSync(propsOf(id), 0o600);
  }
  // SCRAM users exist from the first start only if written at format time. A node formatted before is left alone
  // without starting the format tool, a JVM of its own (20 s of a restart on a loaded host); the nodes of a new
  // cluster are formatted together, each tool on the client compiler only (a one-second program never needs C2).
  await Promise.all(
    toStart
      .filter((id) => !isFormatted(path.join(paths.kafkaNode(id), 'data')))
      .map((id) =>
        run(java.executable, [
          '-XX:TieredStopAtLevel=1',
          '-cp',
          classpath,
          'kafka.tools.StorageTool',
          'format',
          '-t',
          cluster.clusterId,
          '-c',
          propsOf(id),
          '--ignore-formatted',
          ...scramBootstrapArguments(passwords),
        ]),
      ),
  );

  for (const id of toStart) {
    const dir = paths.kafkaNode(id);
    const props = propsOf(id);
    const logFile = paths.log(kafkaServiceName(id));
    fs.appendFileSync(
      logFile,
      `\n==== shopstream up: starting ${kafkaServiceName(id)} at ${new Date().toISOString()}\n`,
    );
    spawnDetached(
      java.executable,
      [
        `-Xms256m`,
        `-Xmx${config.kafka.heap}`,
        ...JVM_FLAGS,
        `-Dlog4j2.configurationFile=${path.join(config.root, 'infra', 'kafka', 'log4j2.xml')}`,
        `-Dkafka.logs.dir=${paths.logs}`,
        '-cp',
        classpath,
        MAIN_CLASS,
        props,
      ],
      { cwd: dir, env: process.env, logFile, pidFile: paths.pid(kafkaServiceName(id)) },
    );
    report(`kafka: started ${kafkaServiceName(id)} on 127.0.0.1:${nodePorts(config.kafka.port, id).broker}`);
  }
  await waitForBrokers(config, nodes, Date.now() + config.kafka.readyTimeoutMs);
  return 'started';
}

/** A node's log directory holds its meta.properties once formatted (a single directory per node here). */
function isFormatted(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'meta.properties'));
}

async function checkPorts(config: PlatformConfig, id: number): Promise<void> {
  const ports = nodePorts(config.kafka.port, id);
  for (const [port, purpose] of [
    [ports.broker, `Kafka broker ${id}`],
    [ports.controller, `Kafka controller ${id}`],
  ] as const) {
    if (!(await isPortFree(port))) throw portTaken(port, purpose, portOwner(port), 'SHOPSTREAM_KAFKA_PORT');
  }
}

/** Ready means every node's process is alive and the cluster answers a metadata request listing all brokers. */
async function waitForBrokers(config: PlatformConfig, nodes: number, deadline: number): Promise<void> {
  const paths = statePaths(config.home);
  const brokers = Array.from(
    { length: nodes },
    (_, i) => `127.0.0.1:${nodePorts(config.kafka.port, i + 1).broker}`,
  );
  let lastError = '';
  while (Date.now() < deadline) {
    for (let id = 1; id <= nodes; id++) {
      if (runningPid(paths.pid(kafkaServiceName(id)), MAIN_CLASS) === null) {
        const log = paths.log(kafkaServiceName(id));
        throw serviceDied(`Kafka ${kafkaServiceName(id)}`, log, tailFile(log, 30));
      }
    }
    try {
      const info = await describeCluster(brokers, 3_000);
      if (info.brokers === nodes) return;
      lastError = `${info.brokers} of ${nodes} brokers registered`;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await sleep(500);
  }
  const log = paths.log(kafkaServiceName(1));
  throw serviceNotReady(`Kafka (${lastError})`, config.kafka.readyTimeoutMs / 1000, log, tailFile(log, 30));
}

/**
 * Stops every node at once with SIGTERM. One by one, the last nodes of a 3-node quorum lose their majority and then
 * hang in controlled shutdown until killed; stopped together, the quorum lives until every broker has left.
 */
export async function stopKafka(config: PlatformConfig, report: (line: string) => void): Promise<void> {
  const paths = statePaths(config.home);
  await Promise.all(
    [...runningKafkaNodes(config).entries()].map(async ([id, pid]) => {
      const how = await stopProcess(pid, MAIN_CLASS, 60_000);
      fs.rmSync(paths.pid(kafkaServiceName(id)), { force: true });
      report(`kafka: ${kafkaServiceName(id)} ${how}`);
    }),
  );
}
