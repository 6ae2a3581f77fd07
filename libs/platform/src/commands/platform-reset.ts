import * as fs from 'node:fs';
import { appRoleName, DATABASE_APPS, PlatformConfig, registryRoleName } from '@shopstream/config';
import { databaseName, dropDatabase, dropRoles } from '../postgres/postgres-admin';
import { statePaths } from '../state-paths';
import { platformDown } from './platform-down';

/**
 * Stops everything and wipes events, schemas and read models: Kafka's data, the registry's database and the
 * platform database. Downloads stay cached, so the next `up` is a warm start.
 */
export async function platformReset(config: PlatformConfig, report: (line: string) => void): Promise<void> {
  await platformDown(config, report);
  const paths = statePaths(config.home);
  fs.rmSync(paths.kafkaData, { recursive: true, force: true });
  report(`kafka: removed ${paths.kafkaData}`);
  await dropDatabase(config.database.url, config.registry.database);
  report(`registry: dropped database ${config.registry.database}`);
  const database = databaseName(config.database.url);
  await dropDatabase(config.database.url, database);
  report(`postgres: dropped database ${database}`);
  const roles = [
    ...DATABASE_APPS.map((app) => appRoleName(database, app)),
    registryRoleName(config.registry.database),
  ];
  const left = await dropRoles(config.database.url, roles);
  report(
    left.length
      ? `postgres: dropped the platform's roles but ${left.join(', ')}`
      : `postgres: dropped roles ${roles.join(', ')}`,
  );
}
