import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { PlatformConfig } from '@shopstream/config';
import { findJava } from '../java/find-java';
import { fetchMavenDependencies, isCompleteFor, markCompleteFor } from '../maven/maven-fetch';
import { portTaken, serviceDied, serviceNotReady } from '../platform.errors';
import { ensureDatabase, maintenanceUrl } from '../postgres/postgres-admin';
import { ensureRegistryRole } from './registry-role';
import { runningPid, sleep, spawnDetached, stopProcess, tailFile } from '../process/managed-process';
import { isPortFree, portOwner } from '../process/port-check';
import { statePaths } from '../state-paths';

const run = promisify(execFile);
export const REGISTRY_SERVICE = 'registry';
const MARKER = 'quarkus-run.jar';

export function runningRegistry(config: PlatformConfig): number | null {
  return runningPid(statePaths(config.home).pid(REGISTRY_SERVICE), MARKER);
}

/** GET /health/ready on the management port, then the Confluent-compatible API itself. */
export async function isRegistryReady(config: PlatformConfig): Promise<boolean> {
  try {
    const health = await fetch(`http://127.0.0.1:${config.registry.managementPort}/health/ready`, {
      signal: AbortSignal.timeout(3_000),
    });
    if (!health.ok) return false;
    const subjects = await fetch(`${config.registry.url}/subjects`, { signal: AbortSignal.timeout(3_000) });
    return subjects.ok;
  } catch {
    return false;
  }
}

/**
 * Starts Apicurio Registry with PostgreSQL storage in its own database, so schema ids (which every event on Kafka
 * carries) survive restarts. Compatibility BACKWARD_TRANSITIVE is a global rule, set here rather than by hand.
 */
export async function ensureRegistry(
  config: PlatformConfig,
  report: (line: string) => void,
): Promise<'running' | 'started'> {
  const paths = statePaths(config.home);
  if (runningRegistry(config) !== null) {
    await waitForRegistry(config, Date.now() + config.registry.readyTimeoutMs);
    return 'running';
  }
  const java = findJava(21, 'Apicurio Registry 3.3', config.registry.java);
  const pom = path.join(config.root, 'infra', 'registry', 'pom.xml');
  if (!isCompleteFor(pom, paths.registryDist)) {
    const archives = path.join(paths.downloads, 'registry-archive');
    await fetchMavenDependencies(pom, archives);
    const archive = fs.readdirSync(archives).find((f) => f.endsWith('.tar.gz'));
    if (!archive) throw new Error(`Maven copied no .tar.gz into ${archives}`);
    fs.rmSync(paths.registryDist, { recursive: true, force: true });
    fs.mkdirSync(paths.registryDist, { recursive: true });
    await run('tar', ['-xzf', path.join(archives, archive), '-C', paths.registryDist]);
    markCompleteFor(pom, paths.registryDist);
    report('registry: fetched and unpacked Apicurio Registry from Maven Central');
  } else {
    report('registry: distribution cached');
  }

  for (const [port, purpose, variable] of [
    [config.registry.port, 'schema registry HTTP', 'SHOPSTREAM_REGISTRY_PORT'],
    [config.registry.managementPort, 'schema registry management', 'SHOPSTREAM_REGISTRY_MANAGEMENT_PORT'],
  ] as const) {
    if (!(await isPortFree(port))) throw portTaken(port, purpose, portOwner(port), variable);
  }
  if (await ensureDatabase(config.database.url, config.registry.database)) {
    report(`registry: created database ${config.registry.database}`);
  }

  const { role, password } = await ensureRegistryRole(
    config.database.url,
    config.home,
    config.registry.database,
  );
  const db = new URL(maintenanceUrl(config.database.url));
  db.pathname = `/${config.registry.database}`;
  const logFile = paths.log(REGISTRY_SERVICE);
  fs.mkdirSync(paths.logs, { recursive: true });
  fs.mkdirSync(paths.run, { recursive: true });
  fs.appendFileSync(logFile, `\n==== shopstream up: starting registry at ${new Date().toISOString()}\n`);
  spawnDetached(
    java.executable,
    [
      `-Xmx${config.registry.heap}`,
      '-XX:+UseSerialGC',
      // The client compiler only: clients cache every schema they resolve, so the registry serves few requests and
      // never needs C2's code, while its start (restarts after a fault included) takes half the CPU without it.
      '-XX:TieredStopAtLevel=1',
      // A pooled connection PostgreSQL ended (a restart, a failover, a terminated session) is found out before use:
      // without this check each dead connection in the pool failed one request with a 500 first.
      '-Dquarkus.datasource.postgresql.jdbc.validate-on-borrow=true',
      `-Dquarkus.http.host=127.0.0.1`,
      `-Dquarkus.http.port=${config.registry.port}`,
      `-Dquarkus.management.host=127.0.0.1`,
      `-Dquarkus.management.port=${config.registry.managementPort}`,
      '-Dapicurio.rules.global.compatibility=BACKWARD_TRANSITIVE',
      '-Dapicurio.ccompat.use-canonical-hash=true',
      '-Dquarkus.log.console.json=false',
      '-jar',
      path.join(paths.registryDist, MARKER),
    ],
    {
      cwd: paths.registryDist,
      env: {
        ...process.env,
        APICURIO_STORAGE_KIND: 'sql',
        APICURIO_STORAGE_SQL_KIND: 'postgresql',
        APICURIO_DATASOURCE_URL: `jdbc:postgresql://${db.hostname}:${db.port || 5432}${db.pathname}`,
        // Its own role, owner of its database only: never the admin connection's.
        APICURIO_DATASOURCE_USERNAME: role,
        APICURIO_DATASOURCE_PASSWORD: password,
        // Its default pool holds 20 connections from the start; a registry serving schema lookups that clients cache
        // needs few, and on one PostgreSQL (max_connections 100) several platforms (tests' own) must fit beside it.
        APICURIO_DATASOURCE_JDBC_INITIAL_SIZE: '2',
        APICURIO_DATASOURCE_JDBC_MIN_SIZE: '2',
        APICURIO_DATASOURCE_JDBC_MAX_SIZE: '10',
      },
      logFile,
      pidFile: paths.pid(REGISTRY_SERVICE),
    },
  );
  report(`registry: started on http://127.0.0.1:${config.registry.port} (Java ${java.major})`);
  await waitForRegistry(config, Date.now() + config.registry.readyTimeoutMs);
  return 'started';
}

async function waitForRegistry(config: PlatformConfig, deadline: number): Promise<void> {
  const logFile = statePaths(config.home).log(REGISTRY_SERVICE);
  while (Date.now() < deadline) {
    if (runningRegistry(config) === null)
      throw serviceDied('The schema registry', logFile, tailFile(logFile, 30));
    if (await isRegistryReady(config)) return;
    await sleep(500);
  }
  throw serviceNotReady(
    'The schema registry',
    config.registry.readyTimeoutMs / 1000,
    logFile,
    tailFile(logFile, 30),
  );
}

export async function stopRegistry(config: PlatformConfig, report: (line: string) => void): Promise<void> {
  const pid = runningRegistry(config);
  if (pid === null) return;
  const how = await stopProcess(pid, MARKER, 30_000);
  fs.rmSync(statePaths(config.home).pid(REGISTRY_SERVICE), { force: true });
  report(`registry: ${how}`);
}
