import { Command } from 'commander';
import { loadConfig } from '@shopstream/config';
import { useKafkaCredentials } from '@shopstream/kafka';
import { registerDlqCommands } from './commands/dlq.commands';
import { registerEventsCommands } from './commands/events.commands';
import { registerKeysCommands } from './commands/keys.commands';
import { registerOutboxCommands } from './commands/outbox.commands';
import { registerPlatformCommands } from './commands/platform.commands';
import { registerProjectionsCommands } from './commands/projections.commands';
import { registerReportCommand } from './commands/report.command';
import { registerSchemasCheckCommand } from './commands/schemas-check.command';
import { registerSchemasGenerateCommand } from './commands/schemas-generate.command';
import { registerSchemasRegisterCommand } from './commands/schemas-register.command';
import { registerSelfcheckCommand } from './commands/selfcheck.command';
import { registerSimulateCommand } from './commands/simulate.command';
import { registerSubscriberCommands } from './commands/subscribers.commands';
import { registerWatchCommands } from './commands/watch.commands';

const program = new Command()
  .name('shopstream')
  .description('Shopstream: run and operate the event-sourced commerce platform')
  .showHelpAfterError()
  // The CLI is the operator's tool: its clients connect as the admin principal unless SHOPSTREAM_KAFKA_USERNAME says
  // otherwise. Before the first `up` no password exists yet; `up` then sets it itself.
  .hook('preAction', () => useKafkaCredentials(loadConfig().kafka.credentials));

registerPlatformCommands(program);
registerSelfcheckCommand(program);
registerEventsCommands(program);
registerProjectionsCommands(program);
registerDlqCommands(program);
registerOutboxCommands(program);
registerSimulateCommand(program);
registerReportCommand(program);
registerSubscriberCommands(program);
registerWatchCommands(program);
registerKeysCommands(program);

const schemas = program
  .command('schemas')
  .description('event schemas: register, check compatibility, generate types');
registerSchemasRegisterCommand(schemas);
registerSchemasCheckCommand(schemas);
registerSchemasGenerateCommand(schemas);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`\nshopstream: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
