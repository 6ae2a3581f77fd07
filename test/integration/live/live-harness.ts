import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PlatformConfig } from '@shopstream/config';
import { LiveConfig, loadLiveConfig } from '@shopstream/live';
import { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import WebSocket from 'ws';
import { LiveGatewayModule } from '../../../apps/live-gateway/src/live-gateway.module';
import { AppModule } from '../../../apps/query-api/src/app.module';
import { createQueryApiApp } from '../../../apps/query-api/src/http/create-app';
import { loadQueryApiConfig } from '../../../apps/query-api/src/query-api.config';
import { exited, startApp } from '../../support/app-process';
import { waitFor } from '../../support/wait-for';
import { localApiKey } from '../../support/credentials';
import { platformConfig } from '../../support/platform';

/** A frame as the gateway sends it; tests read the fields they check. */
export interface Frame {
  readonly type: string;
  readonly channel?: string;
  readonly data?: Record<string, unknown> & { change?: Record<string, unknown> };
  readonly position?: string;
  readonly fresh?: string;
  readonly since?: string;
  readonly code?: string;
  readonly message?: string;
  readonly resume?: Record<string, string>;
}

export interface RunningGateway {
  readonly url: string;
  readonly app: INestApplication;
  close(): Promise<void>;
}

/** Which app serves /live: the query API, as `up` runs it, or the extra scale-out gateway app. */
export type GatewayHost = 'query-api' | 'live-gateway';

/**
 * /live served in this process on a random port (or `overrides.port`), wired as the named app wires it. The query
 * API runs with its cache off and a small pool: these tests read its live endpoint, not its cached queries.
 */
export async function startGateway(
  platform: PlatformConfig,
  overrides: Partial<LiveConfig> = {},
  host: GatewayHost = 'query-api',
): Promise<RunningGateway> {
  const app =
    host === 'query-api' ? await queryApiApp(platform, overrides) : await gatewayApp(platform, overrides);
  await app.listen(overrides.port ?? 0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { url: `ws://127.0.0.1:${port}/live`, app, close: () => app.close() };
}

async function queryApiApp(
  platform: PlatformConfig,
  overrides: Partial<LiveConfig>,
): Promise<INestApplication> {
  const config = loadQueryApiConfig(platform, {
    SHOPSTREAM_QUERY_CACHE: 'off',
    SHOPSTREAM_QUERY_DB_POOL: '2',
  });
  const live = { ...config.live, port: 0, ...overrides };
  // As main.ts creates it; a failed start throws to the test, naming why, instead of exiting Jest's process.
  return createQueryApiApp(AppModule.forRoot({ ...config, live }), { logger: false, abortOnError: false });
}

function gatewayApp(platform: PlatformConfig, overrides: Partial<LiveConfig>): Promise<INestApplication> {
  const config = { ...loadLiveConfig(platform, {}), port: 0, ...overrides };
  return NestFactory.create(LiveGatewayModule.forRoot(config), { logger: false, abortOnError: false });
}

/** A real WebSocket client that keeps every frame it receives, in order. */
export class LiveClient {
  readonly frames: Frame[] = [];
  readonly socket: WebSocket;
  closedWith: number | null = null;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data) => this.frames.push(JSON.parse(data.toString()) as Frame));
    socket.on('close', (code) => (this.closedWith = code));
  }

  /** Connects with the local admin key unless `options.headers` says otherwise. */
  static async connect(url: string, options: WebSocket.ClientOptions = {}): Promise<LiveClient> {
    const socket = new WebSocket(url, {
      ...options,
      headers: options.headers ?? { authorization: `Bearer ${localApiKey(platformConfig())}` },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new LiveClient(socket);
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  subscribe(channel: string, since?: string): void {
    this.send({ op: 'subscribe', channel, ...(since ? { since } : {}) });
  }

  of(channel: string, type?: string): Frame[] {
    return this.frames.filter((f) => f.channel === channel && (type === undefined || f.type === type));
  }

  async next(predicate: (frame: Frame) => boolean, what: string, timeoutMs = 30_000): Promise<Frame> {
    return waitFor(() => this.frames.find(predicate), { timeoutMs, intervalMs: 20, what });
  }

  close(): void {
    this.socket.close();
  }
}

/** The processor and a projector of the two read models live channels read, against the shared platform. */
export async function startPipeline(platform: PlatformConfig): Promise<{ stop(): Promise<void> }> {
  const base = 19_400 + Math.floor(Math.random() * 400);
  const children: ChildProcess[] = [
    startApp('processor', { SHOPSTREAM_PROCESSOR_METRICS_PORT: String(base) }),
    startApp('projector', {
      SHOPSTREAM_PROJECTOR_METRICS_PORT: String(base + 1),
      SHOPSTREAM_PROJECTOR_ONLY: 'stock_levels,order_summary,low_stock_alerts',
    }),
  ];
  const db = new Client({ connectionString: platform.database.url });
  await db.connect();
  try {
    await waitFor(
      async () =>
        (
          await db.query(
            `select 1 from projection_versions where projection in ('stock_levels', 'order_summary', 'low_stock_alerts') having count(*) = 3`,
          )
        ).rowCount === 1,
      {
        timeoutMs: 90_000,
        intervalMs: 200,
        what: 'the projector to make the read models live channels read',
      },
    );
  } finally {
    await db.end();
  }
  return {
    async stop() {
      for (const child of children) child.kill('SIGTERM');
      await Promise.all(children.map(exited));
    },
  };
}

/** A counter of a gateway's Prometheus metrics (`GET /live/metrics`) for one `from` label; 0 before it counted. */
export async function gatewayCounter(gateway: RunningGateway, name: string, from: string): Promise<number> {
  const res = await fetch(`${gateway.url.replace('ws://', 'http://')}/metrics`);
  const line = (await res.text()).split('\n').find((l) => l.startsWith(`${name}{from="${from}"}`));
  return Number(line?.split(' ')[1] ?? 0);
}

/** The position's offsets by partition, to compare positions without knowing their format's epoch. */
export const offsetsOf = (position: string): bigint[] =>
  position
    .slice(position.lastIndexOf(':') + 1)
    .split(',')
    .map((o) => BigInt(o));
