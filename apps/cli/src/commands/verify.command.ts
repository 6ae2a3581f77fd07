import { Command } from 'commander';
import { createEventCodec } from '@shopstream/events';
import { liveInstanceOf, verifyProjection } from '@shopstream/projections';
import { withPlatform, progressView } from './projection-run';
import { readModelNamed } from './read-model-named';

/** `projections verify`: rebuild into scratch and compare with live. */
export function registerVerifyCommand(projections: Command): void {
  projections
    .command('verify <name>')
    .description('rebuild into a scratch schema and compare every table with live; exit 1 on a difference')
    .option('--limit <rows>', 'differing rows listed per table', '20')
    .option('--json', 'print the report as JSON')
    .action(async (name: string, options: { limit: string; json?: boolean }) => {
      const projection = readModelNamed(name);
      await withPlatform(async ({ config, dataSource }) => {
        const view = progressView({ json: false });
        const report = await verifyProjection({
          projection,
          target: liveInstanceOf(projection, config.projector.namespace),
          dataSource,
          codec: createEventCodec(config.registry.url),
          brokers: config.kafka.brokers,
          limit: Number(options.limit) || 20,
          onProgress: view.update,
        }).finally(() => view.stop());
        if (options.json) console.log(JSON.stringify(report, null, 2));
        else {
          console.table(
            report.tables.map((t) => ({
              table: t.table,
              equal: t.equal,
              liveRows: t.live.rows,
              rebuiltRows: t.rebuilt.rows,
              differingRows: t.differingRows,
            })),
          );
          for (const t of report.tables.filter((x) => !x.equal)) {
            console.log(`\n${t.table}: ${t.differingRows} differing row(s)`);
            for (const d of t.differences)
              console.log(
                `  key ${JSON.stringify(d.key)}\n    live    ${JSON.stringify(d.live)}\n    rebuilt ${JSON.stringify(d.rebuilt)}`,
              );
          }
        }
        if (!report.equal) process.exitCode = 1;
      });
    });
}
