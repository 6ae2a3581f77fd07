import { loadConfig } from '@shopstream/config';
import { READ_MODELS } from '@shopstream/read-models';
import { Projector } from './projector';

async function main(): Promise<void> {
  const config = loadConfig();
  const projector = await Projector.start(config, READ_MODELS);
  process.stdout.write(
    `projector: running ${READ_MODELS.length} projection(s); metrics on :${config.ports.projectorMetrics}/metrics\n`,
  );
  const shutdown = () => {
    projector.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`projector: stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`projector: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
