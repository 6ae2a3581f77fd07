import { IncomingMessage, Server } from 'node:http';
import { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { createEventCodec } from '@shopstream/events';
import { ListeningSession } from '@shopstream/database';
import { createLogger } from '@shopstream/logging';
import {
  parseAppliedNotification,
  parseRowsAnnouncement,
  PROJECTION_APPLIED_CHANNEL,
  READ_MODEL_ROWS_CHANNEL,
} from '@shopstream/projections';
import { Pool } from 'pg';
import { WebSocket, WebSocketServer } from 'ws';
import { LiveConfig } from './config/live-config';
import { liveSources } from './feed/live-sources';
import { SourceFeed } from './feed/source-feed';
import { LiveConnection, LiveSocket } from './hub/live-connection';
import { SubscriptionHub } from './hub/subscription-hub';
import { LiveMetrics } from './metrics/live-metrics';
import { ChannelSource } from './protocol/channel';
import { ProjectionPositionStore } from './store/projection-position.store';
import { OrderSummaryStore } from './store/order-summary.store';
import { refusalOf } from './access/channel-access';
import { createCredentialVerifier, credentialFrom, CredentialVerifier, Principal } from '@shopstream/access';

type UpgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** The path the protocol is served on, on whatever HTTP server the gateway is attached to. */
export const LIVE_PATH = '/live';

/**
 * The live gateway: its feeds from the log, its hub, and the WebSocket endpoint on an HTTP server it shares with
 * the app that hosts it (it answers only upgrades of /live, leaving every other upgrade to whoever else listens).
 */
export class LiveServer {
  readonly metrics = new LiveMetrics();
  private readonly logger = createLogger('live');
  private readonly hub = new SubscriptionHub();
  private readonly pool: Pool;
  private readonly feeds = new Map<ChannelSource, SourceFeed>();
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<LiveConnection>();
  private ticker: NodeJS.Timeout | null = null;
  private commits: ListeningSession | null = null;
  private server: Server | null = null;
  private stopping: Promise<void> | null = null;
  private otherUpgrades: UpgradeListener[] = [];
  private readonly onUpgrade: UpgradeListener = (request, socket, head) => {
    const path = (request.url ?? '').split('?')[0];
    if (path === LIVE_PATH) this.upgrade(request, socket, head);
    else for (const listener of this.otherUpgrades) listener.call(this.server, request, socket, head);
  };

  private readonly verifier: CredentialVerifier;
  private readonly orders: OrderSummaryStore;

  constructor(private readonly config: LiveConfig) {
    this.pool = new Pool({
      connectionString: config.databaseUrl,
      max: 4,
      application_name: 'shopstream live',
    });
    this.verifier = createCredentialVerifier(config.security, config.home, {
      query: async <R>(text: string, params?: readonly unknown[]) =>
        (await this.pool.query(text, params ? [...params] : undefined)).rows as R[],
    });
    this.orders = new OrderSummaryStore(config.namespace ? `${config.namespace}_read_models` : 'read_models');
    this.pool.on('error', (error) => this.logger.warn({ err: error }, 'idle database connection failed'));
    // Oversized frames are answered with an error frame by the connection; ws closes only far beyond the limit.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: config.maxFrameBytes * 16 });
  }

  async start(): Promise<void> {
    const codec = createEventCodec(this.config.registryUrl);
    const positions = new ProjectionPositionStore(this.pool);
    for (const spec of liveSources(this.config.namespace)) {
      const feed = new SourceFeed(spec, {
        pool: this.pool,
        codec,
        brokers: this.config.brokers,
        hub: this.hub,
        positions,
        metrics: this.metrics,
        logger: this.logger,
        pollMs: 10,
        recentPerPartition: this.config.recentEvents,
      });
      await feed.start();
      this.feeds.set(spec.source, feed);
    }
    // Each commit of a followed projection wakes its feeds at once; the feeds poll only to back the session up.
    // Rows announced by a commit come on the same connection, before its positions: one session hears both.
    const feeds = [...this.feeds.values()];
    this.commits = new ListeningSession({
      url: this.config.databaseUrl,
      name: 'live commit wake-ups',
      applicationName: 'shopstream live wake-ups',
      channels: [READ_MODEL_ROWS_CHANNEL, PROJECTION_APPLIED_CHANNEL],
      onNotification: (channel, payload) => {
        if (channel === READ_MODEL_ROWS_CHANNEL) {
          const announcement = parseRowsAnnouncement(payload);
          if (announcement) for (const feed of feeds) feed.rowsAnnounced(announcement);
          return;
        }
        const { projection, positions } = parseAppliedNotification(payload);
        for (const feed of feeds) if (feed.projection === projection) feed.applied(positions);
      },
      onConnected: () => feeds.forEach((feed) => feed.hearing(true)),
      onLost: () => feeds.forEach((feed) => feed.hearing(false)),
      log: (line) => this.logger.info(line),
    });
    await this.commits.start();
    const tickMs = Math.max(50, Math.min(1_000, this.config.pongTimeoutMs / 4));
    this.ticker = setInterval(() => {
      const now = Date.now();
      for (const connection of this.connections) connection.tick(now);
    }, tickMs);
  }

  /**
   * Serves /live on `server`; every other upgrade goes to the listeners the server had. Those are taken over rather
   * than run beside ours because @nestjs/platform-ws destroys any upgrade of a path it does not serve itself.
   */
  attach(server: Server): void {
    this.server = server;
    this.otherUpgrades = server.listeners('upgrade') as UpgradeListener[];
    server.removeAllListeners('upgrade');
    server.on('upgrade', this.onUpgrade);
  }

  async stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    this.stopping = this.shutDown();
    return this.stopping;
  }

  private async shutDown(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.server?.off('upgrade', this.onUpgrade);
    for (const listener of this.otherUpgrades) this.server?.on('upgrade', listener);
    this.otherUpgrades = [];
    for (const ws of this.wss.clients) ws.close(1001, 'gateway stopping');
    this.wss.close();
    await this.commits?.stop();
    await Promise.all([...this.feeds.values()].map((feed) => feed.stop()));
    // A client that did not answer the close handshake meanwhile would hold the HTTP server's close forever.
    for (const ws of this.wss.clients) ws.terminate();
    await this.pool.end();
  }

  /**
   * The upgrade is the door: a credential in the Authorization header, or in `access_token` since browsers can't
   * set headers on a WebSocket. A bad one is refused with 401 before the handshake; none at all connects only where
   * stock is public, and then follows stock alone.
   */
  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const query = new URL(request.url ?? '/', 'http://live').searchParams;
    const credential = credentialFrom(request.headers.authorization, query.get('access_token'));
    const refuse = (message: string) => {
      this.metrics.refusedUpgrades.inc();
      socket.end(
        `HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nWWW-Authenticate: Bearer realm="shopstream"\r\nConnection: close\r\n\r\n` +
          JSON.stringify({ error: 'AUTHENTICATION_REQUIRED', message }),
      );
    };
    if (!credential) {
      if (!this.config.security.publicStock)
        return refuse('No credential: send "Authorization: Bearer <key or token>" or ?access_token=.');
      this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, null));
      return;
    }
    this.verifier.verify(credential).then(
      (principal) => {
        if (!principal) return refuse('The credential is not valid (unknown, revoked or expired).');
        this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, principal));
      },
      (error: unknown) => {
        this.logger.warn({ err: error }, 'credential check failed');
        socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      },
    );
  }

  private async ownerOf(orderId: string): Promise<string | null> {
    const client = await this.pool.connect();
    try {
      const [order] = await this.orders.byIds(client, [orderId]);
      return order?.customerId ?? null;
    } finally {
      client.release();
    }
  }

  private accept(ws: WebSocket, principal: Principal | null): void {
    // ws writes each frame at once; its socket can hold them, so a push's frames to one client leave together.
    const raw = (ws as unknown as { _socket?: Socket })._socket;
    const socket: LiveSocket = {
      send: (text) => ws.send(text),
      get bufferedAmount() {
        return ws.bufferedAmount;
      },
      ping: () => ws.ping(),
      close: (code, reason) => ws.close(code, reason),
      terminate: () => ws.terminate(),
      ...(raw ? { cork: () => raw.cork(), uncork: () => raw.uncork() } : {}),
    };
    const connection = new LiveConnection(socket, {
      refusalOf: (channel) =>
        refusalOf(principal, channel, {
          publicStock: this.config.security.publicStock,
          ownerOf: (orderId) => this.ownerOf(orderId),
        }),
      hub: this.hub,
      feeds: this.feeds,
      config: this.config,
      metrics: this.metrics,
      logger: this.logger,
    });
    this.connections.add(connection);
    ws.on('message', (data, isBinary) => connection.onMessage(toBuffer(data), isBinary));
    ws.on('pong', () => connection.onPong());
    ws.on('close', () => {
      connection.onClose();
      this.connections.delete(connection);
    });
    ws.on('error', (error) => this.logger.info({ err: error }, 'connection error'));
  }
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
