import { fetchPartitionOffsets, readPartitionRanges } from '@shopstream/kafka';
import { LogRecordBytes, PartitionExtent, RelayLogTail } from './unrecorded-in-log';

/** The relay's takeover check reading the real log. */
export function kafkaLogTail(brokers: readonly string[]): RelayLogTail {
  return {
    async extents(topic): Promise<PartitionExtent[]> {
      return (await fetchPartitionOffsets(brokers, [topic])).map((o) => ({
        partition: o.partition,
        low: BigInt(o.low),
        high: BigInt(o.high),
      }));
    },
    async read(topic, ranges): Promise<LogRecordBytes[]> {
      const records: LogRecordBytes[] = [];
      await readPartitionRanges({
        brokers,
        clientId: 'shopstream-outbox-relay-takeover',
        topic,
        ranges,
        onRecords: (partition, batch) => {
          for (const r of batch) records.push({ partition, offset: r.offset, value: r.value });
        },
      });
      return records;
    },
  };
}
