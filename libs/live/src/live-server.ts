import { IncomingMessage, Server } from 'node:http';
import { Duplex } from 'node:stream';
import { createEventCodec } from '@shopstream/events';
import { createLogger } from '@shopstream/logging';
import { Pool } from 'pg';
import { WebSocket, WebSocketServer } from 'ws';
import { LiveConfig } from './config/live-config';
import { liveSources } from './feed/live-sources';
import { SourceFeed } from './feed/source-feed';
import { LiveConnection } from './hub/live-connection';
import { SubscriptionHub } from './hub/subscription-hub';
import { LiveMetrics } from './metrics/live-metrics';
import { ChannelSource } from './protocol/channel';
import { ProjectionPositionStore } from './store/projection-position.store';

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
  private server: Server | null = null;
  private stopping: Promise<void> | null = null;
  private otherUpgrades: UpgradeListener[] = [];
  private readonly onUpgrade: UpgradeListener = (request, socket, head) => {
    const path = (request.url ?? '').split('?')[0];
    if (path === LIVE_PATH) this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws));
    else for (const listener of this.otherUpgrades) listener.call(this.server, request, socket, head);
  };

  constructor(private readonly config: LiveConfig) {
    this.pool = new Pool({
      connectionString: config.databaseUrl,
      max: 4,
      application_name: 'shopstream live',
    });
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
      });
      await feed.start();
      this.feeds.set(spec.source, feed);
    }
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
    await Promise.all([...this.feeds.values()].map((feed) => feed.stop()));
    // A client that did not answer the close handshake meanwhile would hold the HTTP server's close forever.
    for (const ws of this.wss.clients) ws.terminate();
    await this.pool.end();
  }

  private accept(ws: WebSocket): void {
    const connection = new LiveConnection(ws, {
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
