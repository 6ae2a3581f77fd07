import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '@shopstream/config';
import { SchemaRegistryClient } from '@shopstream/events/tooling';
import { BatchConsumer, EventProducer } from '@shopstream/kafka';
import { runCli } from '../support/cli';
import { uniqueName, waitFor } from '../support/wait-for';

/*
 * Runs `shopstream up/down/reset` against a platform of its own (own folder, ports and databases), so stopping it
 * never disturbs the platform the rest of the suite uses. Downloads are shared to keep the start warm.
 */
function isolatedPlatform() {
  const id = uniqueName('it');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'shopstream-it-'));
  const shared = loadConfig();
  fs.mkdirSync(path.join(shared.home, 'downloads'), { recursive: true });
  fs.symlinkSync(path.join(shared.home, 'downloads'), path.join(home, 'downloads'));
  const base = 21000 + Math.floor(Math.random() * 400) * 10;
  const env = {
    SHOPSTREAM_HOME: home,
    SHOPSTREAM_KAFKA_PORT: String(base),
    SHOPSTREAM_REGISTRY_PORT: String(base + 5),
    SHOPSTREAM_REGISTRY_MANAGEMENT_PORT: String(base + 6),
    SHOPSTREAM_REGISTRY_DATABASE: `shopstream_registry_${id}`,
    SHOPSTREAM_DATABASE_URL: `postgres://postgres@127.0.0.1:5432/shopstream_${id}`,
  };
  return { env, home, config: loadConfig(env) };
}

describe('shopstream up / down / reset', () => {
  const platform = isolatedPlatform();

  afterAll(async () => {
    await runCli(['reset', '--yes'], platform.env);
    fs.rmSync(platform.home, { recursive: true, force: true });
  });

  it('starts from nothing, then a second `up` is a no-op that reports healthy', async () => {
    const first = await runCli(['up', '--no-apps'], platform.env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/kafka: started kafka-1/);
    expect(first.stdout).toMatch(/topics: created shopstream.orders \(12 partitions, rf 1\)/);

    const second = await runCli(['up', '--no-apps'], platform.env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/kafka: already running, healthy/);
    expect(second.stdout).toMatch(/registry: already running, healthy/);
    expect(second.stdout).toMatch(/topics: 6 unchanged/);
    expect(second.stdout).not.toMatch(/started|created/);
  });

  it('keeps a produced event and its schema across `down` and `up`', async () => {
    const { config, env } = platform;
    const registry = new SchemaRegistryClient(config.registry.url);
    const subject = 'shopstream.orders-test.Kept';
    const schemaId = await registry.register(subject, {
      type: 'record',
      name: 'Kept',
      namespace: 'test',
      fields: [{ name: 'note', type: 'string' }],
    });
    const producer = new EventProducer({ brokers: config.kafka.brokers, clientId: 'it-lifecycle' });
    await producer.connect();
    await producer.send([
      {
        topic: 'shopstream.orders',
        key: 'kept-1',
        value: await registry.encode(schemaId, { note: 'survives' }),
      },
    ]);
    await producer.disconnect();

    const down = await runCli(['down'], env);
    expect(down.code).toBe(0);
    expect(down.stdout).toMatch(/kafka: kafka-1 stopped/);
    const status = await runCli(['status', '--json'], env);
    expect(status.code).toBe(1);
    expect(JSON.parse(status.stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ service: 'kafka-1', healthy: false })]),
    );

    const up = await runCli(['up', '--no-apps'], env);
    expect(up.code).toBe(0);

    // A fresh client: nothing cached, so the schema has to come from the registry's PostgreSQL storage.
    const afterRestart = new SchemaRegistryClient(config.registry.url);
    const consumer = new BatchConsumer({
      brokers: config.kafka.brokers,
      clientId: 'it-lifecycle',
      groupId: uniqueName('it-kept'),
      topics: ['shopstream.orders'],
      fromBeginning: true,
    });
    const notes: string[] = [];
    await consumer.start(async (batch) => {
      for (const r of batch.records) notes.push((await afterRestart.decode<{ note: string }>(r.value!)).note);
    });
    try {
      await waitFor(() => notes.length > 0, { what: 'the event produced before `down`', timeoutMs: 90_000 });
      expect(notes).toEqual(['survives']);
    } finally {
      await consumer.stop();
    }
    expect(
      await afterRestart.register(subject, {
        type: 'record',
        name: 'Kept',
        namespace: 'test',
        fields: [{ name: 'note', type: 'string' }],
      }),
    ).toBe(schemaId);
  });

  it('clears state built from an old Kafka log when the broker comes back empty, so nothing skips its first events', async () => {
    const { env, config, home } = platform;
    const db = new Client({ connectionString: config.database.url });
    await db.connect();
    try {
      await db.query(
        `insert into projection_checkpoints (projection, version, topic, partition, next_offset) values ('stale', 1, 'shopstream.orders', 0, 348)`,
      );
      expect((await runCli(['down'], env)).code).toBe(0);
      fs.rmSync(path.join(home, 'kafka'), { recursive: true, force: true }); // the broker's data is gone
      const up = await runCli(['up', '--no-apps'], env);
      expect(up.code).toBe(0);
      expect(up.stdout).toMatch(
        /postgres: cleared checkpoints, read models and order state built from another Kafka cluster/,
      );
      expect((await db.query('select count(*)::int as n from projection_checkpoints')).rows[0].n).toBe(0);
      const again = await runCli(['up', '--no-apps'], env);
      expect(again.stdout).not.toMatch(/cleared/);
    } finally {
      await db.end();
    }
  });

  it('refuses `reset` without --yes when there is no terminal to confirm', async () => {
    const result = await runCli(['reset'], platform.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/pass --yes/);
  });
});

describe('shopstream up with the Kafka port taken', () => {
  it('names the broker already holding 9092 when a second platform asks for the default port', async () => {
    const platform = isolatedPlatform();
    const env = { ...platform.env, SHOPSTREAM_KAFKA_PORT: '9092' };
    try {
      const result = await runCli(['up', '--no-apps'], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/Port 9092 \(Kafka broker 1\) is already taken by java \(pid \d+\)/);
    } finally {
      await runCli(['reset', '--yes'], env);
      fs.rmSync(platform.home, { recursive: true, force: true });
    }
  });

  it('names the process holding the Kafka port and says what to do', async () => {
    const platform = isolatedPlatform();
    const squatter = net.createServer();
    const port = Number(platform.env.SHOPSTREAM_KAFKA_PORT);
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const result = await runCli(['up', '--no-apps'], platform.env);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `Port ${port} (Kafka broker 1) is already taken by node (pid ${process.pid})`,
      );
      expect(result.stderr).toContain('SHOPSTREAM_KAFKA_PORT=<port>');
    } finally {
      squatter.close();
      await runCli(['reset', '--yes'], platform.env);
      fs.rmSync(platform.home, { recursive: true, force: true });
    }
  });
});
