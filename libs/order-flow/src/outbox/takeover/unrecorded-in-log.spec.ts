import {
  findUnrecordedInLog,
  LogRecordBytes,
  PartitionExtent,
  RelayLogTail,
  TakeoverOutbox,
} from './unrecorded-in-log';

interface Row {
  readonly id: string;
  readonly topic: string;
  readonly value: Buffer;
  position: { partition: number; offset: bigint } | null;
}

function fakes(rows: Row[], log: Map<string, LogRecordBytes[]>) {
  const reads: { topic: string; ranges: Map<number, { from: bigint; to: bigint }> }[] = [];
  const outbox: TakeoverOutbox = {
    unpublishedTopics: () =>
      Promise.resolve([...new Set(rows.filter((r) => !r.position).map((r) => r.topic))]),
    lastRecordedOffsets: (topic, partitions) => {
      const last = new Map<number, bigint>();
      for (const r of rows)
        if (r.topic === topic && r.position && partitions.includes(r.position.partition))
          last.set(
            r.position.partition,
            [last.get(r.position.partition) ?? -1n, r.position.offset].reduce((a, b) => (a > b ? a : b)),
          );
      return Promise.resolve(last);
    },
    unpublishedWithValues: (topic, values) =>
      Promise.resolve(
        rows.filter((r) => r.topic === topic && !r.position && values.some((v) => v.equals(r.value))),
      ),
  };
  const tail: RelayLogTail = {
    extents: (topic) => {
      const records = log.get(topic) ?? [];
      const partitions = new Set(records.map((r) => r.partition));
      return Promise.resolve(
        [...partitions].map<PartitionExtent>((partition) => {
          const offsets = records.filter((r) => r.partition === partition).map((r) => BigInt(r.offset));
          return {
            partition,
            low: offsets.reduce((a, b) => (a < b ? a : b)),
            high: offsets.reduce((a, b) => (a > b ? a : b)) + 1n,
          };
        }),
      );
    },
    read: (topic, ranges) => {
      reads.push({ topic, ranges: new Map(ranges) });
      return Promise.resolve(
        (log.get(topic) ?? []).filter((r) => {
          const range = ranges.get(r.partition);
          return range !== undefined && BigInt(r.offset) >= range.from && BigInt(r.offset) < range.to;
        }),
      );
    },
  };
  return { outbox, tail, reads };
}

const event = (n: number) => Buffer.from(`event-${n}`);
const record = (partition: number, offset: number, value: Buffer | null): LogRecordBytes => ({
  partition,
  offset: String(offset),
  value,
});

describe('findUnrecordedInLog', () => {
  it('records the rows a dead relay sent without recording, and leaves the rest to be published', async () => {
    const rows: Row[] = [
      { id: '1', topic: 't', value: event(1), position: { partition: 0, offset: 0n } },
      { id: '2', topic: 't', value: event(2), position: null },
      { id: '3', topic: 't', value: event(3), position: null },
      { id: '4', topic: 't', value: event(4), position: null },
    ];
    const log = new Map([['t', [record(0, 0, event(1)), record(0, 1, event(2)), record(1, 0, event(3))]]]);
    const { outbox, tail, reads } = fakes(rows, log);

    expect(await findUnrecordedInLog(outbox, tail)).toEqual([
      { id: '2', partition: 0, offset: '1' },
      { id: '3', partition: 1, offset: '0' },
    ]);
    // Partition 0 is read only past its last recorded offset; partition 1 has none recorded, so from its start.
    expect(reads).toEqual([
      {
        topic: 't',
        ranges: new Map([
          [0, { from: 1n, to: 2n }],
          [1, { from: 0n, to: 1n }],
        ]),
      },
    ]);
  });

  it('reads nothing when every partition ends at its last recorded offset', async () => {
    const rows: Row[] = [
      { id: '1', topic: 't', value: event(1), position: { partition: 0, offset: 0n } },
      { id: '2', topic: 't', value: event(2), position: null },
    ];
    const { outbox, tail, reads } = fakes(rows, new Map([['t', [record(0, 0, event(1))]]]));
    expect(await findUnrecordedInLog(outbox, tail)).toEqual([]);
    expect(reads).toEqual([]);
  });

  it('keeps the first position of an event the log already holds twice, and ignores foreign records', async () => {
    const rows: Row[] = [{ id: '7', topic: 't', value: event(7), position: null }];
    const log = new Map([
      [
        't',
        [
          record(0, 4, Buffer.from('not ours')),
          record(0, 5, null),
          record(0, 6, event(7)),
          record(0, 9, event(7)),
        ],
      ],
    ]);
    const { outbox, tail } = fakes(rows, log);
    expect(await findUnrecordedInLog(outbox, tail)).toEqual([{ id: '7', partition: 0, offset: '6' }]);
  });

  it('starts at the log start when retention removed records past the last recorded offset', async () => {
    const rows: Row[] = [
      { id: '1', topic: 't', value: event(1), position: { partition: 0, offset: 2n } },
      { id: '2', topic: 't', value: event(2), position: null },
    ];
    const { outbox, tail, reads } = fakes(rows, new Map([['t', [record(0, 10, event(2))]]]));
    expect(await findUnrecordedInLog(outbox, tail)).toEqual([{ id: '2', partition: 0, offset: '10' }]);
    expect(reads[0]?.ranges.get(0)).toEqual({ from: 10n, to: 11n });
  });
});
