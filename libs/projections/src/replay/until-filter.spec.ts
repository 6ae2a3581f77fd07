import { ShopstreamEvent } from '@shopstream/events';
import { ProjectedEvent, Projection } from '../definition/projection';
import { untilFilter } from './until-filter';

const at = (offset: number, occurredAt: number, partition = 0): ProjectedEvent<ShopstreamEvent> => ({
  topic: 't',
  partition,
  offset: String(offset),
  key: null,
  event: { metadata: { occurredAt } } as unknown as ShopstreamEvent,
});

function recording(): { projection: Projection; applied: string[] } {
  const applied: string[] = [];
  const projection = {
    name: 'p',
    version: 1,
    description: '',
    events: [],
    tables: [],
    apply: async (batch: readonly ProjectedEvent<ShopstreamEvent>[]) => {
      applied.push(...batch.map((e) => `${e.partition}@${e.offset}`));
    },
  } as unknown as Projection;
  return { projection, applied };
}

describe('untilFilter', () => {
  const sql = { query: async () => [] };

  it('stops a partition at its first event after the time, even if a later one claims an earlier time', async () => {
    const { projection, applied } = recording();
    const filtered = untilFilter(projection, new Date(100), new Map());
    await filtered.apply([at(0, 50), at(1, 150), at(2, 60), at(0, 200, 1), at(3, 70)], sql);
    expect(applied).toEqual(['0@0']);
  });

  it('still applies the events before the stop when the same batch is retried', async () => {
    const { projection, applied } = recording();
    const stops = new Map<string, bigint>();
    const filtered = untilFilter(projection, new Date(100), stops);
    await filtered.apply([at(0, 50), at(1, 150)], sql);
    await filtered.apply([at(0, 50), at(1, 150)], sql);
    expect(applied).toEqual(['0@0', '0@0']);
    expect(stops.get('t/0')).toBe(1n);
  });
});
