import { Client } from 'pg';
import { EventProducer } from '@shopstream/kafka';
import { OUTBOX_CHANNEL, PUBLISHED_CHANNEL } from './outbox';

export interface OutboxRelayOptions {
  readonly databaseUrl: string;
  readonly brokers: readonly string[];
  readonly batchSize?: number;
  readonly log?: (line: string) => void;
}

const LEADER_LOCK = 'shopstream-outbox-relay';

/**
 * Publishes the outbox to Kafka in id order, in batches, and records where each event landed. Only one relay in the
 * whole deployment publishes at a time (a PostgreSQL advisory lock elects it), because two relays working on the
 * outbox concurrently could publish one key's events out of order; the others wait to take over.
 */
export class OutboxRelay {
  private readonly client: Client;
  private readonly producer: EventProducer;
  private running = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> = Promise.resolve();
  private leader = false;
  published = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.client = new Client({ connectionString: options.databaseUrl });
    this.producer = new EventProducer({ brokers: options.brokers, clientId: 'shopstream-outbox-relay' });
  }

  get isLeader(): boolean {
    return this.leader;
  }

  async start(): Promise<void> {
    await this.client.connect();
    this.client.on('notification', () => this.wake?.());
    await this.client.query(`listen ${OUTBOX_CHANNEL}`);
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    if (this.leader) await this.client.query('select pg_advisory_unlock(hashtext($1))', [LEADER_LOCK]);
    await this.client.end();
    await this.producer.disconnect();
  }

  private async run(): Promise<void> {
    let connected = false;
    let backoff = 200;
    while (this.running) {
      try {
        if (!this.leader) {
          const { rows } = await this.client.query<{ ok: boolean }>(
            'select pg_try_advisory_lock(hashtext($1)) as ok',
            [LEADER_LOCK],
          );
          this.leader = rows[0]?.ok === true;
          if (!this.leader) {
            await this.idle(2_000);
            continue;
          }
        }
        if (!connected) {
          await this.producer.connect();
          connected = true;
        }
        const sent = await this.publishBatch();
        backoff = 200;
        if (sent === 0) await this.idle(1_000);
      } catch (error) {
        this.options.log?.(
          `outbox relay: ${error instanceof Error ? error.message : String(error)}; retrying in ${backoff} ms`,
        );
        await this.idle(backoff);
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
  }

  /** One round: the oldest unpublished events, sent in one produce request, marked with their positions. */
  private async publishBatch(): Promise<number> {
    const { rows } = await this.client.query<{ id: string; topic: string; key: string; value: Buffer }>(
      'select id, topic, key, value from order_flow.outbox where published_at is null order by id limit $1',
      [this.options.batchSize ?? 2_000],
    );
    if (rows.length === 0) return 0;
    const positions = await this.producer.send(
      rows.map((r) => ({ topic: r.topic, key: r.key, value: r.value })),
    );
    await this.client.query(
      `update order_flow.outbox o set published_at = now(), partition = p.partition, "offset" = p.offset
       from unnest($1::bigint[], $2::int[], $3::bigint[]) as p(id, partition, "offset") where o.id = p.id`,
      [rows.map((r) => r.id), positions.map((p) => p.partition), positions.map((p) => p.offset)],
    );
    await this.client.query(`select pg_notify('${PUBLISHED_CHANNEL}', '')`);
    this.published += rows.length;
    return rows.length;
  }

  private idle(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).then(() => {
      this.wake = null;
    });
  }
}
