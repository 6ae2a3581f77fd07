import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createEventCodec, eventIdOf } from '@shopstream/events';
import { applyTopicCatalog, deleteTopics } from '@shopstream/kafka';
import { OutboxRelay, PublicationWaiter } from '@shopstream/order-flow';
import { stockReceived } from '../../support/event-builders';
import { platformConfig } from '../../support/platform';
import { uniqueName, waitFor } from '../../support/wait-for';

const config = platformConfig();
const codec = createEventCodec(config.registry.url);

/*
 * The relay and the publication waiter hold PostgreSQL sessions of their own (LISTEN, the relay's leader lock). A
 * terminated backend used to emit an 'error' nobody listened to, which kills the process, and nothing reconnected.
 * Here their backends are terminated (found by application name) while they work; they must reconnect, LISTEN
 * again, retake leadership, and publish and resolve what comes next. An uncaught 'error' fails this test run.
 */
describe('outbox relay and publication waiter when PostgreSQL drops their connections', () => {
  const id = uniqueName('session');
  const topic = `it.session.${id}`.replace(/_/g, '-');
  const db = new Client({ connectionString: config.database.url });
  const relay = new OutboxRelay({
    databaseUrl: config.database.url,
    brokers: config.kafka.brokers,
    applicationName: `${id} relay`,
  });
  const waiter = new PublicationWaiter(config.database.url, () => undefined, `${id} waiter`);

  beforeAll(async () => {
    await db.connect();
    await applyTopicCatalog(config.kafka.brokers, [
      {
        name: topic,
        description: 't',
        key: 'sku',
        partitions: 2,
        replicationFactor: 1,
        minInsyncReplicas: 1,
        config: {},
      },
    ]);
    await waiter.start();
    await relay.start();
  });

  afterAll(async () => {
    await relay.stop();
    await waiter.stop();
    await db.query('delete from order_flow.outbox where topic = $1', [topic]);
    await db.end();
    await deleteTopics(config.kafka.brokers, [topic]);
  });

  async function enqueue(): Promise<string> {
    const event = stockReceived(`SKU-${randomUUID()}`, 1);
    const { rows } = await db.query<{ id: string }>(
      `with row as (insert into order_flow.outbox (event_id, event_type, topic, key, value)
                    values ($1, $2, $3, $4, $5) returning id)
       select id, pg_notify('shopstream_outbox', '') from row`,
      [eventIdOf(event), event.type, topic, event.sku, await codec.encode(event)],
    );
    return String(rows[0]!.id);
  }

  const sessions = async () =>
    (
      await db.query<{ pid: number }>('select pid from pg_stat_activity where application_name like $1', [
        `${id} %`,
      ])
    ).rows.map((r) => r.pid);

  it('reconnects, publishes and resolves waits again after every backend of theirs is terminated', async () => {
    const first = await waiter.waitFor([await enqueue()], 30_000);
    expect(first[0]).toMatchObject({ topic });

    for (let round = 1; round <= 3; round++) {
      const before = await sessions();
      expect(before).toHaveLength(2);
      await db.query('select pg_terminate_backend(pid) from unnest($1::int[]) as pid', [before]);
      // Two new backends under the same names: both reconnected on their own.
      await waitFor(
        async () => {
          const now = await sessions();
          return now.length === 2 && now.every((pid) => !before.includes(pid));
        },
        { what: `both sessions to reconnect (round ${round})`, timeoutMs: 30_000 },
      );
      const [position] = await waiter.waitFor([await enqueue()], 30_000);
      expect(position).toMatchObject({ topic });
    }
  });
});
