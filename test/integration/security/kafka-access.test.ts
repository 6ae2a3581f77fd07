import { Kafka } from 'kafkajs';
import { applyTopicCatalog, deleteTopics, describeAccessRules } from '@shopstream/kafka';
import { adminKafka, kafkaAs } from '../../support/kafka-as';
import { platformConfig } from '../../support/platform';
import { uniqueName } from '../../support/wait-for';

const config = platformConfig();
const JOIN_DEADLINE_MS = 30_000;
/*
 * A group the principal may not use is refused at FindCoordinator, which kafkajs reports as the coordinator not being
 * found. Each refusal below follows a join of the same principal that succeeds, so the coordinator is there.
 */
const GROUP_REFUSED = /^(GROUP_AUTHORIZATION_FAILED|KafkaJSGroupCoordinatorNotFound)$/;

/** What happens when `kafka` joins `groupId` on `topic`: 'joined', or the broker's error type. */
async function joinOutcome(kafka: Kafka, groupId: string, topic: string): Promise<string> {
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 10_000,
    retry: { retries: 0, restartOnFailure: async () => false },
  });
  try {
    return await new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve('no answer'), JOIN_DEADLINE_MS);
      const done = (outcome: string) => {
        clearTimeout(timer);
        resolve(outcome);
      };
      consumer.on(consumer.events.GROUP_JOIN, () => done('joined'));
      consumer.on(consumer.events.CRASH, (event) => done(errorType(event.payload.error)));
      consumer
        .connect()
        .then(() => consumer.subscribe({ topics: [topic], fromBeginning: false }))
        .then(() => consumer.run({ eachMessage: async () => undefined }))
        .catch((error: unknown) => done(errorType(error)));
    });
  } finally {
    await consumer.disconnect();
  }
}

/**
 * kafkajs names a broker's refusal in `type` (TOPIC_AUTHORIZATION_FAILED), sometimes on an error its retrier
 * wrapped; anything else by its class.
 */
function errorType(error: unknown): string {
  const { type, name, cause, originalError } = error as {
    type?: string;
    name?: string;
    cause?: unknown;
    originalError?: unknown;
  };
  if (type) return type;
  const inner = originalError ?? cause;
  return inner ? errorType(inner) : (name ?? String(error));
}

async function produceOutcome(kafka: Kafka, topic: string): Promise<string> {
  const producer = kafka.producer({ retry: { retries: 0 } });
  try {
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'must not be written' }] });
    return 'written';
  } catch (error) {
    return errorType(error);
  } finally {
    await producer.disconnect();
  }
}

describe('Kafka admits only known principals, each with the least it needs', () => {
  const topic = uniqueName('it.security').replace(/_/g, '-');
  const groups: string[] = [];
  const group = (prefix: string) => {
    const id = uniqueName(prefix);
    groups.push(id);
    return id;
  };

  beforeAll(async () => {
    await applyTopicCatalog(config.kafka.brokers, [
      {
        name: topic,
        description: 'test',
        key: 'k',
        partitions: 1,
        replicationFactor: 1,
        minInsyncReplicas: 1,
        config: {},
      },
    ]);
  });

  afterAll(async () => {
    await deleteTopics(config.kafka.brokers, [topic]);
    const admin = adminKafka(config).admin();
    await admin.connect();
    const existing = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
    // A refused member may leave its group behind empty or not at all; delete what is there, one at a time.
    for (const id of groups.filter((g) => existing.has(g))) {
      await admin.deleteGroups([id]).catch((error: unknown) => {
        process.stdout.write(`group ${id} left for the broker to expire: ${String(error)}\n`);
      });
    }
    await admin.disconnect();
  });

  it('refuses a client without credentials promptly instead of letting it hang', async () => {
    const started = Date.now();
    const admin = kafkaAs(config, null).admin();
    await expect(admin.connect().then(() => admin.listTopics())).rejects.toThrow();
    await admin.disconnect();
    expect(Date.now() - started).toBeLessThan(JOIN_DEADLINE_MS);
  });

  it('refuses a known principal with a wrong password as a SASL authentication failure', async () => {
    const admin = kafkaAs(config, 'admin', { password: 'not-the-password' }).admin();
    await expect(admin.connect()).rejects.toMatchObject({ name: 'KafkaJSSASLAuthenticationError' });
    await admin.disconnect();
  });

  it('lets the projector read its topics in its groups, and write nothing', async () => {
    const projector = kafkaAs(config, 'projector');
    expect(await joinOutcome(projector, group('shopstream-projection-it'), 'shopstream.orders')).toBe(
      'joined',
    );
    expect(await joinOutcome(projector, group('it-foreign'), 'shopstream.orders')).toMatch(GROUP_REFUSED);
    expect(await produceOutcome(projector, topic)).toBe('TOPIC_AUTHORIZATION_FAILED');
    const rules = await describeAccessRules(config.kafka.brokers, 'projector');
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.filter((r) => r.operations.some((op) => op !== 'read'))).toEqual([]);
  });

  it('lets a subscriber read only its topics, under its own group prefix', async () => {
    const loyalty = kafkaAs(config, 'loyalty');
    expect(await joinOutcome(loyalty, group('loyalty-it'), 'shopstream.orders')).toBe('joined');
    expect(await joinOutcome(loyalty, group('loyalty-it'), 'shopstream.payments')).toBe(
      'TOPIC_AUTHORIZATION_FAILED',
    );
    expect(await joinOutcome(loyalty, group('shopstream-projection-it'), 'shopstream.orders')).toMatch(
      GROUP_REFUSED,
    );
    expect(await produceOutcome(loyalty, topic)).toBe('TOPIC_AUTHORIZATION_FAILED');
  });

  it("keeps a subscriber's dead letters from the processor and the payments topic from the live gateway", async () => {
    expect(
      await joinOutcome(
        kafkaAs(config, 'processor'),
        group('shopstream-processor-it'),
        'shopstream.orders-dlt',
      ),
    ).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(
      await joinOutcome(
        kafkaAs(config, 'live-gateway'),
        group('shopstream-partition-reader-it'),
        'shopstream.payments',
      ),
    ).toBe('TOPIC_AUTHORIZATION_FAILED');
  });

  it("lets the commerce API write only its event topics, and read them only in its relay's throw-away groups", async () => {
    const api = kafkaAs(config, 'commerce-api');
    expect(await produceOutcome(api, topic)).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(await joinOutcome(api, group('shopstream-processor-it'), 'shopstream.orders')).toMatch(
      GROUP_REFUSED,
    );
    const rules = await describeAccessRules(config.kafka.brokers, 'commerce-api');
    expect(new Set(rules.flatMap((r) => r.operations))).toEqual(new Set(['write', 'read', 'delete']));
    // The outbox relay's takeover check reads the log's tail in a group of its own (PartitionReader).
    expect(new Set(rules.filter((r) => r.resource === 'group').map((r) => `${r.match}:${r.name}`))).toEqual(
      new Set(['prefixed:shopstream-partition-reader-']),
    );
    expect(
      rules.filter((r) => r.resource === 'topic' && r.operations.includes('read')).map((r) => r.name),
    ).not.toContain('shopstream.behaviour');
  });
});
