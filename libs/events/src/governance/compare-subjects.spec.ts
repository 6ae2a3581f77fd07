import { AvroField, AvroRecord } from '../schemas/avro-schema';
import { compareWithEarlier, LatestSchema } from './compare-subjects';
import { EarlierSchema } from './schema-source';

const record = (fields: AvroField[], doc = 'd'): AvroRecord => ({
  type: 'record',
  name: 'Thing',
  doc,
  fields,
});
const SUBJECT = 'shopstream.things-shopstream.things.Thing';
const latest = new Map<string, LatestSchema>([
  [SUBJECT, { subject: SUBJECT, file: 'schemas/things/thing.v2.avsc', schema: record([]) }],
]);
const withCurrency = record([{ name: 'currency', type: 'string' }]);

describe('compareWithEarlier', () => {
  it('compares each distinct earlier schema once, attributed to its first source', () => {
    const earlier: EarlierSchema[] = [
      { subject: SUBJECT, schema: withCurrency, source: { kind: 'registry', version: 1 } },
      {
        subject: SUBJECT,
        schema: record(withCurrency.fields, 'reworded'),
        source: { kind: 'local', file: 'v1' },
      },
      { subject: SUBJECT, schema: withCurrency, source: { kind: 'git', commit: 'abc', file: 'v1' } },
    ];
    const { findings, compared } = compareWithEarlier(latest, earlier);
    expect(compared).toEqual({ registry: 1, local: 0, git: 0 });
    expect(findings).toEqual([
      {
        subject: SUBJECT,
        file: 'schemas/things/thing.v2.avsc',
        source: { kind: 'registry', version: 1 },
        violation: expect.objectContaining({ rule: 'FORWARD', path: 'currency' }),
      },
    ]);
  });

  it('skips the latest schema itself and subjects no longer in the working tree', () => {
    const { findings, compared } = compareWithEarlier(latest, [
      {
        subject: SUBJECT,
        schema: record([], 'other doc'),
        source: { kind: 'git', commit: 'abc', file: 'v2' },
      },
      { subject: 'gone', schema: withCurrency, source: { kind: 'git', commit: 'abc', file: 'x' } },
    ]);
    expect({ findings, compared }).toEqual({ findings: [], compared: { registry: 0, local: 0, git: 0 } });
  });
});
