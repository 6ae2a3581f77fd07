import { spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { NODE_PROCESS_FLAGS } from '@shopstream/platform';
import { Projection } from '@shopstream/projections';
import { Cleanup } from '../support/cleanup';
import { deleteGroupsWithPrefix } from '../support/kafka-groups';
import { ReadModelProgress, readModelProgress } from '../support/read-model-progress';

/** The projector app in its own process, as production runs it, on the run's namespace. */
export interface ProjectorProcess extends ReadModelProgress {
  /** Where the app keeps a read model's checkpoints: `<ns>_<name>`. */
  instanceOf(projection: string): string;
  /** The app's Prometheus endpoint. */
  readonly metricsUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts `dist/apps/projector` with SHOPSTREAM_PROJECTOR_NAMESPACE set to the run's namespace: all read models on
 * one runner, instances `<ns>_<name>` reading `<topic>.<ns>`, the bench's topics. S and L measure it rather than
 * runners inside the bench process, where the producer and the latency poller would share their event loop and
 * heap; in production the projector has a process (and here, a core's share) of its own.
 */
export async function startProjectorProcess(options: {
  dataSource: DataSource;
  brokers: readonly string[];
  ns: string;
  projections: readonly Projection[];
  cleanup: Cleanup;
}): Promise<ProjectorProcess> {
  const { dataSource, ns, projections, cleanup } = options;
  // The app names its group after the namespace: shopstream-<ns>-projector-<set>.
  cleanup.add(`delete consumer groups shopstream-${ns}-*`, async () => {
    await deleteGroupsWithPrefix(options.brokers, `shopstream-${ns}-`);
  });
  const names = projections.map((p) => `${ns}_${p.name}`);
  cleanup.add(`drop the projector's ${ns}_* read models`, async () => {
    for (const p of projections)
      await dataSource.query(`drop schema if exists "${ns}_${p.name}_v${p.version}" cascade`);
    await dataSource.query('delete from public.projection_checkpoints where projection = any($1)', [names]);
    await dataSource.query('delete from public.projection_dead_letters where projection = any($1)', [names]);
  });
  const metricsPort = await freePort();
  const main = path.join(__dirname, '..', '..', 'apps', 'projector', 'src', 'main.js');
  const child = spawn(process.execPath, [...NODE_PROCESS_FLAGS, main], {
    env: {
      ...process.env,
      SHOPSTREAM_PROJECTOR_NAMESPACE: ns,
      SHOPSTREAM_PROJECTOR_METRICS_PORT: String(metricsPort),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const errors: string[] = [];
  child.stderr.on('data', (d: Buffer) => errors.push(d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  cleanup.add('stop the projector process', stop);
  child.once('exit', (code, signal) => {
    if (!stopped)
      process.stderr.write(
        `[bench] the projector process exited (${code ?? signal}): ${errors.join('').slice(-2_000)}\n`,
      );
  });
  const progress = readModelProgress(
    dataSource,
    ns,
    projections.map((projection) => ({ projection, name: `${ns}_${projection.name}` })),
  );
  return {
    instanceOf: (projection) => `${ns}_${projection}`,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    applied: () => {
      if (child.exitCode !== null)
        throw new Error(`the projector process exited: ${errors.join('').slice(-2_000)}`);
      return progress.applied();
    },
    expected: progress.expected,
    stop,
  };
}

/** A port nothing listens on now, for the child's metrics endpoint (the platform's own projector may hold 9102). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
