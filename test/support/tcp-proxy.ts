import { createServer, Server, Socket, connect } from 'node:net';

/** How a proxied connection is joined to its upstream: both ways at once unless a test says otherwise. */
export type Wiring = (client: Socket, upstream: Socket) => void;

/**
 * A TCP proxy to a shared service (Redis, PostgreSQL) that a test can cut and restore, to see an app survive the
 * service going away without stopping the service the other tests use.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
    private readonly wire: Wiring = (client, upstream) => client.pipe(upstream).pipe(client),
  ) {}

  async start(port = 0): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => (s === client ? upstream : client).destroy());
      }
      this.wire(client, upstream);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : port;
    this.server = server;
  }

  /** Drops every connection and refuses new ones, as a service that went down. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Accepts connections again on the same port. */
  restore(): Promise<void> {
    return this.start(this.port);
  }
}
