import { Command } from 'commander';
import { registerDlqCommands } from './commands/dlq.commands';
import { registerEventsCommands } from './commands/events.commands';
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
  .showHelpAfterError();

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
