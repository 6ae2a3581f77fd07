import { useKafkaCredentials } from '@shopstream/kafka';
import { loadConfig } from '@shopstream/config';
import { runLiveBench } from './live.bench';
import { liveTargetLine, liveTargets } from './live-targets';

/**
 * The live section alone, against a platform started with `shopstream up`:
 * `node dist/bench/live/run-live.js [connections] [skus] [load seconds] [writes/s] [simulator orders/s] [burst writes]`.
 */
async function main(): Promise<void> {
  useKafkaCredentials(loadConfig().kafka.credentials);
  const [connections = '1000', skus = '50', seconds = '20', writes = '50', simulator = '20', burst = '1000'] =
    process.argv.slice(2);
  const result = await runLiveBench({
    platform: loadConfig(),
    root: loadConfig().root,
    connections: Number(connections),
    skus: Number(skus),
    loadSeconds: Number(seconds),
    writesPerSecond: Number(writes),
    simulatorRate: Number(simulator),
    burstWrites: Number(burst),
    log: (line) => process.stdout.write(`[bench live] ${line}\n`),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  for (const target of liveTargets(result))
    process.stdout.write(`[bench live] target ${liveTargetLine(target)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench live: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
