import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import { liveInstanceOf, resetProjection } from '@shopstream/projections';
import { withPlatform } from './projection-run';
import { readModelNamed } from './read-model-named';

/** `projections reset`: drop a projection so the projector rebuilds it. */
export function registerResetCommand(projections: Command): void {
  projections
    .command('reset <name>')
    .description(
      "drop a projection's tables and checkpoints: the projector rebuilds it from scratch on its next start",
    )
    .option('--yes', 'do not ask')
    .action(async (name: string, options: { yes?: boolean }) => {
      const projection = readModelNamed(name);
      if (!options.yes) {
        if (!process.stdin.isTTY) throw new Error('reset drops the live tables; pass --yes to confirm');
        const prompt = createInterface({ input: process.stdin, output: process.stdout });
        const answer = await prompt.question(
          `Drop every table and checkpoint of ${name}? Queries fail until the projector is started again and ` +
            'has rebuilt it. Stop the projector first. Type the projection name to confirm: ',
        );
        prompt.close();
        if (answer.trim() !== name) throw new Error('not confirmed; nothing was changed');
      }
      await withPlatform(async ({ config, dataSource }) => {
        const summary = await resetProjection(
          dataSource,
          projection,
          liveInstanceOf(projection, config.projector.namespace),
        );
        console.log(
          `Reset ${summary.projection}: dropped ${summary.droppedSchema} and ${summary.checkpointsDeleted} checkpoint(s). ` +
            'Start the projector to rebuild it.',
        );
      });
    });
}
