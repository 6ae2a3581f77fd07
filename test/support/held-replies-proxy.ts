import { Socket } from 'node:net';
import { TcpProxy } from './tcp-proxy';

/** One proxied connection whose server side is held back: what PostgreSQL sent, not yet passed on. */
export interface HeldConnection {
  /** The kinds of the server's messages so far (one letter each: 'R', 'S', 'K', 'Z', 'E'...). */
  readonly kinds: () => string[];
  /** The backend's process id, from its BackendKeyData, once it came. */
  readonly backendPid: () => number | undefined;
  /** Passes everything held on to the client in ONE write, then whatever comes next as it comes. */
  release(): void;
}

/**
 * A TCP proxy to PostgreSQL that holds back the server's replies on the connections opened while `holding` is set,
 * until the test releases them: what the server said in several packets then reaches the client in one read, as it
 * does on a loaded host whose event loop is late. Client bytes go through at once.
 */
export class HeldRepliesProxy {
  private readonly proxy: TcpProxy;
  readonly held: HeldConnection[] = [];
  holding = false;

  constructor(targetHost: string, targetPort: number) {
    this.proxy = new TcpProxy(targetHost, targetPort, (client, upstream) => {
      client.pipe(upstream);
      if (this.holding) this.held.push(holdReplies(client, upstream));
      else upstream.pipe(client);
    });
  }

  get port(): number {
    return this.proxy.port;
  }

  start(): Promise<void> {
    return this.proxy.start();
  }

  stop(): Promise<void> {
    return this.proxy.cut();
  }
}

function holdReplies(client: Socket, upstream: Socket): HeldConnection {
  const chunks: Buffer[] = [];
  let released = false;
  let ended = false;
  upstream.on('data', (chunk: Buffer) => (released ? client.write(chunk) : chunks.push(chunk)));
  upstream.on('end', () => (released ? client.end() : (ended = true)));
  /** Every whole message held so far: a kind byte, then a length that counts itself. */
  const messages = () => {
    const found: { kind: string; body: Buffer }[] = [];
    const all = Buffer.concat(chunks);
    for (let at = 0; at + 5 <= all.length;) {
      const length = all.readInt32BE(at + 1);
      if (at + 1 + length > all.length) break;
      found.push({ kind: String.fromCharCode(all[at]!), body: all.subarray(at + 5, at + 1 + length) });
      at += 1 + length;
    }
    return found;
  };
  return {
    kinds: () => messages().map((m) => m.kind),
    backendPid: () =>
      messages()
        .find((m) => m.kind === 'K')
        ?.body.readInt32BE(0),
    release: () => {
      released = true;
      client.write(Buffer.concat(chunks));
      if (ended) client.end();
    },
  };
}
