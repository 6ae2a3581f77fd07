import { ChildProcess } from 'node:child_process';
import { DataSource } from 'typeorm';
import { createDataSource } from '@shopstream/database';
import { createEventCodec, ShopstreamEvent } from '@shopstream/events';
import { applyTopicCatalog, deleteTopics, EventProducer } from '@shopstream/kafka';
import { topicsOf } from '@shopstream/projections';
import { encodeConsistencyToken } from '@shopstream/queries';
import { READ_MODELS } from '@shopstream/read-models';
import { keyOf } from '@shopstream/simulation';
import { exited, startApp } from '../../support/app-process';
import { freePort } from '../../support/free-port';
import { platformConfig } from '../../support/platform';
import { localApiKey } from '../../support/credentials';
import { uniqueName, waitFor } from '../../support/wait-for';

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  readonly elapsedMs: number;
}

/**
 * A query API of the test's own, reading the read models of a projector instance of the test's own (a namespace:
 * its own topics, schemas and checkpoints), both real processes, fed real events through Kafka.
 */
export class QueryApiHarness {
  readonly ns = uniqueName('qa').replace(/[^a-z0-9_]/g, '');
  readonly config = platformConfig();
  readonly topics = [...new Set(READ_MODELS.flatMap(topicsOf))].map((t) => `${t}.${this.ns}`);
  private readonly codec = createEventCodec(this.config.registry.url);
  private readonly producer = new EventProducer({
    brokers: this.config.kafka.brokers,
    clientId: 'it-query-api',
  });
  private projector: ChildProcess | null = null;
  private api: (ChildProcess & { output: string[] }) | null = null;
  dataSource!: DataSource;
  url = '';

  async start(apiEnv: Record<string, string> = {}): Promise<void> {
    this.dataSource = createDataSource(this.config.database.url, { poolSize: 2 });
    await this.dataSource.initialize();
    await applyTopicCatalog(
      this.config.kafka.brokers,
      this.topics.map((name) => ({
        name,
        description: 'query API test',
        key: 'id',
        partitions: 3,
        replicationFactor: 1,
        minInsyncReplicas: 1,
        config: {},
      })),
    );
    await this.producer.connect();
    this.projector = startApp('projector', {
      SHOPSTREAM_PROJECTOR_NAMESPACE: this.ns,
      SHOPSTREAM_PROJECTOR_METRICS_PORT: String(await freePort()),
    });
    await this.startApi(apiEnv);
  }

  async startApi(env: Record<string, string>): Promise<void> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    this.api = startApp('query-api', {
      SHOPSTREAM_PROJECTOR_NAMESPACE: this.ns,
      SHOPSTREAM_QUERY_API_PORT: String(port),
      ...env,
    });
    const api = this.api;
    await waitFor(
      async () => {
        if (api.exitCode !== null) throw new Error(`query-api exited: ${api.output.join('')}`);
        return (await fetch(`${this.url}/health`)).ok;
      },
      { timeoutMs: 60_000, what: 'the query API to answer /health' },
    );
  }

  async stopApi(): Promise<void> {
    if (!this.api) return;
    this.api.kill('SIGTERM');
    await exited(this.api);
    this.api = null;
  }

  /** Sends events to the test's topics; the token of where they landed, as a command's answer would carry it. */
  async send(events: readonly ShopstreamEvent[]): Promise<string> {
    const records = await Promise.all(
      events.map(async (event) => ({
        topic: `${this.codec.topicOf(event)}.${this.ns}`,
        key: keyOf(event),
        value: await this.codec.encode(event),
      })),
    );
    const positions = [];
    for (let i = 0; i < records.length; i += 2_000)
      positions.push(...(await this.producer.send(records.slice(i, i + 2_000))));
    return encodeConsistencyToken(positions.map((p) => ({ ...p, offset: BigInt(p.offset) })));
  }

  /** Sends the local admin key unless the headers carry an `authorization` ('' sends none). */
  async get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
    const started = Date.now();
    const { authorization = `Bearer ${localApiKey(this.config)}`, ...rest } = headers;
    const response = await fetch(`${this.url}${path}`, {
      headers: { ...(authorization === '' ? {} : { authorization }), ...rest },
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body:
        text.length > 0 && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
      elapsedMs: Date.now() - started,
    };
  }

  async stop(): Promise<void> {
    await this.stopApi();
    if (this.projector) {
      this.projector.kill('SIGTERM');
      await exited(this.projector);
    }
    await this.producer.disconnect();
    await deleteTopics(this.config.kafka.brokers, this.topics);
    await this.dataSource.query(`drop schema if exists "${this.ns}_read_models" cascade`);
    for (const p of READ_MODELS) {
      const instance = `${this.ns}_${p.name}`;
      await this.dataSource.query(`drop schema if exists "${instance}_v${p.version}" cascade`);
      for (const table of ['projection_checkpoints', 'projection_dead_letters', 'projection_versions'])
        await this.dataSource.query(`delete from ${table} where projection = $1`, [instance]);
    }
    // The change triggers the API put on the shared engine table go with the test that put them there.
    await this.dataSource
      .query(
        `select format('drop trigger if exists %I on public.projection_versions', tgname) as statement
       from pg_trigger where tgrelid = 'public.projection_versions'::regclass and tgname like 'shopstream_cache_%'`,
      )
      .then(async (rows: { statement: string }[]) => {
        for (const r of rows) await this.dataSource.query(r.statement);
      });
    await this.dataSource.destroy();
  }
}
