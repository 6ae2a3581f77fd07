import { BatchConsumer } from '@shopstream/kafka';
import { createTopicWith, deleteTopic } from '../../support/test-topic';
import { platformConfig } from '../../support/platform';
import { uniqueName, waitFor } from '../../support/wait-for';

const config = platformConfig();
const RECORDS = 20;

/*
 * kafkajs gives up a consumer for good when its handler throws an error it counts as a programming error (a
 * TypeError, a RangeError…): no restart, the process alive, the partitions never read again. A processor or projector
 * that met one while a broker came and went would sit there with its orders undecided.
 */
describe('BatchConsumer after an error kafkajs does not retry', () => {
  const topic = uniqueName('it.batch-consumer-crash');

  beforeAll(
    () =>
      createTopicWith(
        config,
        topic,
        Array.from({ length: RECORDS }, (_, i) => ({ key: 'k', value: String(i) })),
      ),
    120_000,
  );

  afterAll(() => deleteTopic(config, topic));

  it('starts consuming again and hands on every record', async () => {
    const seen = new Set<string>();
    let thrown = 0;
    const consumer = new BatchConsumer({
      brokers: config.kafka.brokers,
      clientId: 'it-batch-consumer-crash',
      groupId: uniqueName('it-batch-consumer-crash'),
      topics: [topic],
      fromBeginning: true,
    });
    await consumer.start((batch) => {
      if (thrown === 0) {
        thrown += 1;
        // What a handler's bug looks like to kafkajs.
        throw new TypeError('a handler fault');
      }
      for (const record of batch.records) seen.add(record.offset);
      return Promise.resolve();
    });
    try {
      await waitFor(() => Promise.resolve(seen.size === RECORDS), {
        what: `all ${RECORDS} records handled after the handler's TypeError`,
        timeoutMs: 60_000,
      });
      expect(thrown).toBe(1);
    } finally {
      await consumer.stop();
    }
  }, 90_000);
});
