import { canonicalSchema } from './canonical-schema';

describe('canonicalSchema', () => {
  const record = (doc: string, order: 'name-first' | 'type-first', fallback: unknown) => ({
    type: 'record' as const,
    name: 'OrderPlaced',
    doc,
    fields: [
      order === 'name-first'
        ? { name: 'note', type: 'string', doc, default: fallback }
        : { type: 'string', default: fallback, name: 'note', doc },
    ],
  });

  it('ignores docs and key order', () => {
    expect(canonicalSchema(record('one', 'name-first', { a: 1, b: 2 }))).toBe(
      canonicalSchema(record('two', 'type-first', { b: 2, a: 1 })),
    );
  });

  it('keeps defaults, including a default value that has a "doc" key', () => {
    expect(canonicalSchema(record('d', 'name-first', { doc: 'x' }))).not.toBe(
      canonicalSchema(record('d', 'name-first', { doc: 'y' })),
    );
  });
});
