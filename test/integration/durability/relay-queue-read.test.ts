import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { OutboxStore } from '@shopstream/order-flow';
import { platformConfig } from '../../support/platform';
import { uniqueName, waitFor } from '../../support/wait-for';

const config = platformConfig();
const ROWS = 3_000;

interface PlanNode {
  'Node Type': string;
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  Plans?: PlanNode[];
}

describe("the relay's read of the outbox queue", () => {
  const db = new Client({ connectionString: config.database.url });
  const topic = uniqueName('relay.queue');

  beforeAll(async () => {
    await db.connect();
  });

  afterAll(async () => {
    await db.query('delete from order_flow.outbox where topic = $1', [topic]);
    await db.end();
  });

  it('does not revisit the rows it already published on every read', async () => {
    // Rows queued and published in one transaction, as a relay would over many rounds: each leaves a dead entry
    // in the partial index of unpublished rows until vacuum. No relay ever sees them unpublished.
    const store = new OutboxStore({
      query: async (sql, params) => (await db.query(sql, params as unknown[])).rows,
    });
    await db.query('begin');
    const ids = await store.append(
      Array.from({ length: ROWS }, (_, i) => ({
        eventId: randomUUID(),
        eventType: 'test.RelayQueue',
        topic,
        key: `k${i}`,
        value: Buffer.from([i % 256]),
        headers: {},
      })),
    );
    await store.markPublished(ids.map((id, i) => ({ id, partition: 0, offset: String(i) })));
    await db.query('commit');

    // The relay's own session, readied as the relay readies it; each read's plan is captured with its buffers.
    const relaySession = new Client({ connectionString: config.database.url });
    await relaySession.connect();
    try {
      const plans: PlanNode[] = [];
      const relayStore = new OutboxStore({
        query: async (sql, params) => {
          if (!/^\s*select id, event_id/.test(sql))
            return (await relaySession.query(sql, params as unknown[])).rows;
          const { rows } = await relaySession.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
            `explain (analyze, buffers, format json) ${sql}`,
            params as unknown[],
          );
          plans.push(rows[0]!['QUERY PLAN'][0]!.Plan);
          return [];
        },
      });
      await relayStore.readQueueInIndexOrder();
      const pagesOf = (plan: PlanNode) => plan['Shared Hit Blocks'] + plan['Shared Read Blocks'];
      await relayStore.unpublished(2_000);
      const first = pagesOf(plans[0]!);
      // The heap pages the published rows were first written to (as many as now hold them): a read that revisits
      // them pays these each time; one that learnt the entries are dead does not. It can learn it only once no
      // transaction in the database still sees the rows (another session's older snapshot), hence a wait.
      const { rows } = await db.query<{ pages: number }>(
        `select count(distinct (ctid::text::point)[0])::int as pages from order_flow.outbox where topic = $1`,
        [topic],
      );
      const heapPages = rows[0]!.pages;
      await waitFor(
        async () => {
          await relayStore.unpublished(2_000);
          return first - pagesOf(plans[plans.length - 1]!) >= heapPages / 2;
        },
        {
          timeoutMs: 30_000,
          intervalMs: 250,
          what: `a queue read skipping the ${heapPages} heap pages of published rows (first read: ${first} pages)`,
        },
      );
    } finally {
      await relaySession.end();
    }
  });
});
