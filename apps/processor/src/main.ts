import { loadConfig } from '@shopstream/config';
import { Processor } from './processor';

async function main(): Promise<void> {
  const config = loadConfig();
  const processor = await Processor.start(config);
  process.stdout.write(`processor: running; metrics on :${config.ports.processorMetrics}/metrics\n`);
  const shutdown = () => {
    processor.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`processor: stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`processor: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
