import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

/*
 * The floor relay's one client, in a process of its own like the bench's clients: notes when each checkpoint move
 * the relay forwards arrives. `start` forgets what came before; `report` hands over what came since.
 */

export interface FloorReport {
  readonly partitions: Float64Array;
  readonly nextOffsets: Float64Array;
  readonly heldAt: Float64Array;
}

const { url } = JSON.parse(process.argv[2] ?? '{}') as { url: string };
let record = { partitions: [] as number[], nextOffsets: [] as number[], heldAt: [] as number[] };

const socket = new WebSocket(url);
socket.on('message', (data: Buffer) => {
  const heldAt = performance.timeOrigin + performance.now();
  const [partition, next] = data.toString().split(':');
  record.partitions.push(Number(partition));
  record.nextOffsets.push(Number(next));
  record.heldAt.push(heldAt);
});
socket.on('error', (error) => process.send!({ error: error.message }));
socket.once('open', () => process.send!({ ready: true }));
process.on('message', (message: string) => {
  if (message === 'start') {
    record = { partitions: [], nextOffsets: [], heldAt: [] };
    process.send!({ started: true });
  } else if (message === 'report') {
    const report: FloorReport = {
      partitions: Float64Array.from(record.partitions),
      nextOffsets: Float64Array.from(record.nextOffsets),
      heldAt: Float64Array.from(record.heldAt),
    };
    process.send!(report);
  } else if (message === 'close') {
    socket.close();
    process.send!({ closed: true });
  }
});
