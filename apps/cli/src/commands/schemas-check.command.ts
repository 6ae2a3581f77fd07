import { Command } from 'commander';
import { loadConfig } from '@shopstream/config';
import { checkSchemas, formatSchemaCheckReport } from '@shopstream/events/tooling';

const say = (line: string) => process.stdout.write(`${line}\n`);
const warn = (line: string) => process.stderr.write(`${line}\n`);

/**
 * `shopstream schemas check`: the gate that stops a breaking schema change from landing. Exits 1 when the
 * working tree's latest version of any event can't be read by, or can't read, a schema it has had before.
 */
export function registerSchemasCheckCommand(schemas: Command): void {
  schemas
    .command('check')
    .description(
      "check every event's latest schema against git history, its other versions and the registry, both ways",
    )
    .option('--no-registry', 'skip the schema registry (git history and local files only)')
    .option('--json', 'print the report as JSON')
    .action(async (options: { registry: boolean; json?: boolean }) => {
      const config = loadConfig();
      const report = await checkSchemas({
        root: config.root,
        registry: options.registry ? { url: config.registry.url } : false,
      });
      if (options.json) say(JSON.stringify(report, null, 2));
      else {
        const { lines, warnings } = formatSchemaCheckReport(report);
        warnings.forEach(warn);
        lines.forEach(say);
      }
      if (report.findings.length) process.exitCode = 1;
    });
}
