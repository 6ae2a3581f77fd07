import * as path from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '@shopstream/config';
import {
  applyGeneratedFiles,
  findGeneratedDrift,
  generateRepositoryFiles,
  hasDrift,
} from '@shopstream/events/tooling';
import { readTopicCatalog } from '@shopstream/kafka';
import { READ_MODELS } from '@shopstream/read-models';

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `shopstream schemas generate [--check]`: turns schemas/ into the TypeScript event types, the AsyncAPI document
 * and the catalog page. `--check` is the CI drift check: it writes nothing and fails if anything would change.
 */
export function registerSchemasGenerateCommand(schemas: Command): void {
  schemas
    .command('generate')
    .description('generate event types, docs/events/asyncapi.json and docs/events/catalog.md from schemas/')
    .option('--check', 'write nothing; fail if the generated files differ from what schemas/ gives')
    .action(async (options: { check?: boolean }) => {
      const { root } = loadConfig();
      const topics = readTopicCatalog(path.join(root, 'infra/topics.json'));
      // Each projection declares the events it reads; the catalog lists them per event.
      const readers = new Map<string, string[]>();
      for (const projection of READ_MODELS) {
        for (const type of projection.events)
          readers.set(type, [...(readers.get(type) ?? []), projection.name]);
      }
      const files = await generateRepositoryFiles(root, topics, readers);
      const drift = findGeneratedDrift(root, files);

      if (options.check) {
        if (!hasDrift(drift)) {
          say(`${files.length} generated files match schemas/`);
          return;
        }
        for (const file of drift.changed) say(`differs: ${file}`);
        for (const file of drift.stale) say(`no longer generated: ${file}`);
        say(
          'generated files are out of date with schemas/; run npm run events:generate and commit the result',
        );
        process.exitCode = 1;
        return;
      }

      applyGeneratedFiles(root, files, drift);
      for (const file of drift.changed) say(`wrote ${file}`);
      for (const file of drift.stale) say(`deleted ${file}`);
      say(hasDrift(drift) ? 'generated files updated' : `${files.length} generated files already up to date`);
    });
}
