import { PlatformConfig } from '@shopstream/config';
import { describeCluster } from '@shopstream/kafka';
import {
  appDatabaseUrl,
  APP_SERVICES,
  appStatusLine,
  isAppHealthy,
  runningApp,
  runningSupervisor,
} from '../app-processes/app-services';
import { statePaths } from '../state-paths';
import { readSupervisorState, SupervisorState } from '../supervision/supervisor-state';
import { kafkaServiceName, readClusterFile, runningKafkaNodes } from '../kafka/kafka-service';
import { checkPostgres } from '../postgres/postgres-admin';
import { retainedTableSizes, TableSize } from '../postgres/table-sizes';
import { driftedSchemaIds } from '../registry/registry-binding';
import { isRegistryReady, REGISTRY_SERVICE, runningRegistry } from '../registry/registry-service';

export interface ServiceStatus {
  readonly service: string;
  readonly pid: number | null;
  readonly healthy: boolean;
  readonly detail: string;
  /** For an app: what its supervisor recorded (restarts, last exit, whether it gave up). */
  readonly supervisor?: Omit<SupervisorState, 'app'> & { readonly alive: boolean };
  /** For postgres: the tables retention keeps bounded, with their rows and size. */
  readonly tables?: readonly TableSize[];
  /** The PostgreSQL role an app connects as, and whether a password is configured for it (never the password). */
  readonly database?: { readonly role: string; readonly password: boolean; readonly source: string };
}

/** One row per service, each health checked for real (metadata request, /health/ready, select 1). */
export async function platformStatus(config: PlatformConfig): Promise<ServiceStatus[]> {
  const rows: ServiceStatus[] = [];
  const nodes = readClusterFile(config)?.nodes ?? 1;
  const running = runningKafkaNodes(config);
  let cluster = '';
  let kafkaHealthy = false;
  try {
    const info = await describeCluster(config.kafka.brokers, 3_000);
    kafkaHealthy = true;
    cluster = `cluster ${info.clusterId}, ${info.brokers} broker(s)`;
  } catch (error) {
    cluster = error instanceof Error ? (error.message.split('.')[0] ?? '') : String(error);
  }
  for (let id = 1; id <= nodes; id++) {
    const pid = running.get(id) ?? null;
    rows.push({
      service: kafkaServiceName(id),
      pid,
      healthy: pid !== null && kafkaHealthy,
      detail: pid === null ? 'stopped' : cluster,
    });
  }
  const registryPid = runningRegistry(config);
  const registryReady = await isRegistryReady(config);
  // A registry that answers but numbers schemas differently from the log's events is not healthy: say so loudly.
  const drift = registryReady
    ? await driftedSchemaIds(config.database.url, config.registry.url).catch((error: unknown) => [
        `could not compare schema ids (${error instanceof Error ? error.message : String(error)})`,
      ])
    : [];
  rows.push({
    service: REGISTRY_SERVICE,
    pid: registryPid,
    healthy: registryReady && drift.length === 0,
    detail: !registryReady
      ? registryPid === null
        ? 'stopped'
        : 'starting or unhealthy'
      : drift.length > 0
        ? `REGISTRY_SCHEMA_IDS_CHANGED: ${drift.length} schema version(s) numbered differently from the events in Kafka (${drift.slice(0, 3).join('; ')}); restore the registry's database or run \`npx shopstream reset\``
        : config.registry.url,
  });
  let postgres = 'select 1 answered';
  let postgresHealthy = true;
  try {
    await checkPostgres(config.database.url);
  } catch (error) {
    postgresHealthy = false;
    postgres = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  }
  let tables: TableSize[] | undefined;
  if (postgresHealthy) {
    try {
      tables = await retainedTableSizes(config.database.url);
    } catch (error) {
      postgres += `; table sizes unavailable (${error instanceof Error ? error.message : String(error)})`;
    }
  }
  rows.push({
    service: 'postgres',
    pid: null,
    healthy: postgresHealthy,
    detail: postgres,
    ...(tables ? { tables } : {}),
  });
  for (const app of APP_SERVICES) {
    const pid = runningApp(config, app);
    if (app.optional && pid === null && runningSupervisor(config, app) === null) {
      // Off by choice is not down: `status` stays green and says how to start it.
      rows.push({
        service: app.name,
        pid: null,
        healthy: true,
        detail: `off (optional; \`up --with ${app.name}\` starts it)`,
      });
      continue;
    }
    const healthy = pid !== null && (await isAppHealthy(config, app));
    const alive = runningSupervisor(config, app) !== null;
    const recorded = readSupervisorState(statePaths(config.home).supervisorState(app.name));
    const supervisor =
      recorded && (alive || recorded.state === 'gave-up') ? { ...recorded, alive } : undefined;
    const supervision = !supervisor
      ? pid === null
        ? ''
        : ', not supervised'
      : supervisor.state === 'gave-up'
        ? `, supervisor ${supervisor.gaveUp}`
        : `, supervised, ${supervisor.restarts} restart(s)${supervisor.lastExit ? `, last exit ${supervisor.lastExit.reason} at ${supervisor.lastExit.at}` : ''}${supervisor.state === 'backing-off' ? ', restarting' : ''}`;
    const summary = healthy ? await appStatusLine(config, app) : null;
    const role = config.database.apps[app.database].role;
    const database = {
      role,
      password: new URL(appDatabaseUrl(config, app)).password !== '',
      source: config.database.apps[app.database].source,
    };
    rows.push({
      service: app.name,
      pid,
      healthy,
      detail: `${pid === null ? 'stopped' : `port ${app.port(config)}`}, postgres role ${role}${database.password ? ' (password set)' : ''}${supervision}${summary ? `; ${summary}` : ''}`,
      database,
      ...(supervisor ? { supervisor } : {}),
    });
  }
  return rows;
}
