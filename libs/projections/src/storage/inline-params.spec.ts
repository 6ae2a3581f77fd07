import { inlineParams, literalOf } from './inline-params';

describe('inlineParams', () => {
  it('replaces each placeholder with its value as an untyped literal, casts kept', () => {
    expect(inlineParams('insert into t (a, b) select unnest($1::text[]), $2::int', [['x', 'y'], 7])).toBe(
      `insert into t (a, b) select unnest(E'{"x","y"}'::text[]), E'7'::int`,
    );
  });

  it('uses a value as often as it is named, $10 not read as $1 followed by 0', () => {
    const params = Array.from({ length: 10 }, (_, i) => `v${i + 1}`);
    expect(inlineParams('select $1, $10, $1', params)).toBe(`select E'v1', E'v10', E'v1'`);
  });

  it('escapes quotes and backslashes so no value can end its literal', () => {
    expect(literalOf(`it's \\'; drop table t; --`)).toBe(`E'it''s \\\\''; drop table t; --'`);
  });

  it('writes array elements as PostgreSQL reads them: nulls and numbers bare, quotes and backslashes escaped', () => {
    expect(literalOf(['a"b', null, 'c\\d', 3])).toBe(`E'{"a\\\\"b",NULL,"c\\\\\\\\d",3}'`);
    expect(literalOf([[1, 2], [3]])).toBe(`E'{{1,2},{3}}'`);
    expect(literalOf([])).toBe(`E'{}'`);
    expect(literalOf([12345678901234567890n, -2.5, "o'k", new Date(0)])).toBe(
      `E'{12345678901234567890,-2.5,"o''k","1970-01-01T00:00:00.000Z"}'`,
    );
  });

  it('writes null and undefined as NULL, dates as ISO instants, bigints and booleans as text, objects as JSON', () => {
    expect(literalOf(null)).toBe('NULL');
    expect(literalOf(undefined)).toBe('NULL');
    expect(literalOf(new Date('2026-11-27T10:00:00Z'))).toBe(`E'2026-11-27T10:00:00.000Z'`);
    expect(literalOf(12345678901234567890n)).toBe(`E'12345678901234567890'`);
    expect(literalOf(false)).toBe(`E'false'`);
    expect(literalOf({ a: "o'k" })).toBe(`E'{"a":"o''k"}'`);
  });

  it('leaves dollar signs inside strings, identifiers, comments and dollar quotes alone', () => {
    const text = `select '$1', "a$1", a$1, E'\\'$1', $$ $1 $$, $fn$ $1 $fn$ -- $1\n /* $1 */ $1`;
    expect(inlineParams(text, ['v'])).toBe(
      `select '$1', "a$1", a$1, E'\\'$1', $$ $1 $$, $fn$ $1 $fn$ -- $1\n /* $1 */ E'v'`,
    );
  });

  it("reads a typed literal such as date'…' as a plain string, where a backslash escapes nothing", () => {
    expect(inlineParams(`select date'2026-01-01', 'a\\', $1`, ['v'])).toBe(
      `select date'2026-01-01', 'a\\', E'v'`,
    );
  });

  it('refuses a placeholder without a parameter and an unterminated string', () => {
    expect(() => inlineParams('select $2', ['only one'])).toThrow(/\$2 has no parameter \(1 given\)/);
    expect(() => inlineParams("select 'open", [])).toThrow(/unterminated '/);
  });
});
