import { PlatformConfig } from '@shopstream/config';
import { describeCluster } from '@shopstream/kafka';
import { APP_SERVICES, isAppHealthy, runningApp } from '../app-processes/app-services';
import { kafkaServiceName, readClusterFile, runningKafkaNodes } from '../kafka/kafka-service';
import { checkPostgres } from '../postgres/postgres-admin';
import { isRegistryReady, REGISTRY_SERVICE, runningRegistry } from '../registry/registry-service';

export interface ServiceStatus {
  readonly service: string;
  readonly pid: number | null;
  readonly healthy: boolean;
  readonly detail: string;
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
  const registryHealthy = await isRegistryReady(config);
  rows.push({
    service: REGISTRY_SERVICE,
    pid: registryPid,
    healthy: registryHealthy,
    detail: registryHealthy
      ? config.registry.url
      : registryPid === null
        ? 'stopped'
        : 'starting or unhealthy',
  });
  let postgres = 'select 1 answered';
  let postgresHealthy = true;
  try {
    await checkPostgres(config.database.url);
  } catch (error) {
    postgresHealthy = false;
    postgres = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  }
  rows.push({ service: 'postgres', pid: null, healthy: postgresHealthy, detail: postgres });
  for (const app of APP_SERVICES) {
    const pid = runningApp(config, app);
    const healthy = pid !== null && (await isAppHealthy(config, app));
    rows.push({
      service: app.name,
      pid,
      healthy,
      detail: pid === null ? 'stopped' : `port ${app.port(config)}`,
    });
  }
  return rows;
}
