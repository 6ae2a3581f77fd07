import { PartitionReader, readPartitionRanges } from '@shopstream/kafka';
import { createTopicWith, deleteTopic } from '../../support/test-topic';
import { platformConfig } from '../../support/platform';
import { uniqueName, waitFor } from '../../support/wait-for';

const config = platformConfig();
/** Well past what one fetch brings back per partition (kafkajs asks for 1 MiB): the reader must fetch on. */
const RECORDS = 3_000;
const VALUE = Buffer.alloc(1_024, 'x');

describe('PartitionReader', () => {
  const topic = uniqueName('it.partition-reader');

  beforeAll(
    () =>
      createTopicWith(
        config,
        topic,
        Array.from({ length: RECORDS }, () => ({ key: 'k', value: VALUE })),
      ),
    120_000,
  );

  afterAll(() => deleteTopic(config, topic));

  it('follows a partition past the bytes of one fetch, handing on each record once', async () => {
    const offsets: number[] = [];
    let failed: unknown = null;
    const reader = new PartitionReader({
      brokers: config.kafka.brokers,
      clientId: 'it-partition-reader',
      topic,
      startAt: () => '0',
      onRecords: (_, records) => {
        offsets.push(...records.map((r) => Number(r.offset)));
        return Promise.resolve();
      },
      onError: (error) => (failed = error),
    });
    await reader.start();
    try {
      await waitFor(() => Promise.resolve(offsets.length >= RECORDS || failed !== null), {
        timeoutMs: 60_000,
        what: `the reader to hand on all ${RECORDS} records`,
      });
      expect(failed).toBeNull();
      expect(offsets).toEqual(Array.from({ length: RECORDS }, (_, i) => i));
    } finally {
      await reader.stop();
    }
  }, 90_000);

  it('reads a range larger than one fetch to its end', async () => {
    let count = 0;
    await readPartitionRanges({
      brokers: config.kafka.brokers,
      clientId: 'it-partition-ranges',
      topic,
      ranges: new Map([[0, { from: 100n, to: BigInt(RECORDS - 100) }]]),
      onRecords: (_, records) => (count += records.length),
    });
    expect(count).toBe(RECORDS - 200);
  }, 90_000);
});
