import { Client } from 'pg';
import { WebSocketServer } from 'ws';

/*
 * The box's floor for a push after a commit: a process that does nothing but hear the commit clock's NOTIFY and
 * send its payload over WebSocket to whoever is connected. What a gateway adds beyond this (reading the log, the
 * commit gate, the committed state, fan-out) is the gateway's; this much every design pays on the same machine.
 */

interface Job {
  readonly databaseUrl: string;
  readonly channel: string;
}

const { databaseUrl, channel } = JSON.parse(process.argv[2] ?? '{}') as Job;

async function main(): Promise<void> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const listener = new Client({
    connectionString: databaseUrl,
    application_name: 'shopstream bench floor relay',
  });
  await listener.connect();
  listener.on('notification', (message) => {
    for (const socket of server.clients) socket.send(message.payload ?? '');
  });
  await listener.query(`listen ${channel}`);
  process.on('message', (message: string) => {
    if (message !== 'close') return;
    server.close();
    void listener.end().then(() => process.send!({ closed: true }));
  });
  process.send!({ port: (server.address() as { port: number }).port });
}

void main().catch((error: unknown) =>
  process.send!({ error: error instanceof Error ? error.message : String(error) }),
);
