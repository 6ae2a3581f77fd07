import { Command } from 'commander';
import { loadConfig } from '@shopstream/config';
import {
  readSchemaFiles,
  registerSchemas,
  resolveSchemaTree,
  SchemaRegistryClient,
} from '@shopstream/events/tooling';

export function registerSchemasRegisterCommand(schemas: Command): void {
  schemas
    .command('register')
    .description(
      'register every event schema version in the registry, oldest first (idempotent; also run by `up`)',
    )
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      const registered = await registerSchemas(
        new SchemaRegistryClient(config.registry.url),
        resolveSchemaTree(readSchemaFiles(config.root)),
      );
      if (options.json) console.log(JSON.stringify(registered, null, 2));
      else console.table(registered);
    });
}
