import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { Client } from 'pg';

/*
 * The commit clock: PostgreSQL delivers a NOTIFY when the transaction that sent it commits, so the time this
 * otherwise idle thread receives the notification of a checkpoint move is the time the projector's batch became
 * readable. Its own thread keeps the gateway's busy event loop from delaying the reading.
 */

const { databaseUrl, channel } = workerData as { databaseUrl: string; channel: string };
const moves = { partitions: [] as number[], nextOffsets: [] as number[], at: [] as number[] };

async function main(): Promise<void> {
  const client = new Client({
    connectionString: databaseUrl,
    application_name: 'shopstream bench commit clock',
  });
  await client.connect();
  client.on('notification', (message) => {
    const at = performance.timeOrigin + performance.now();
    const [partition, next] = (message.payload ?? '').split(':');
    moves.partitions.push(Number(partition));
    moves.nextOffsets.push(Number(next));
    moves.at.push(at);
  });
  await client.query(`listen ${channel}`);
  parentPort!.on('message', (message: string) => {
    if (message === 'report') parentPort!.postMessage(moves);
    if (message === 'close') void client.end().then(() => parentPort!.postMessage({ closed: true }));
  });
  parentPort!.postMessage({ ready: true });
}

void main().catch((error: unknown) =>
  parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) }),
);
