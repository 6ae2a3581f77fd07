import { ValidationFailedError } from '@shopstream/http';
import { canonicalJson, MAX_BODY_DEPTH } from './request-hash';

describe('canonicalJson', () => {
  it('writes the JSON of a body with keys sorted at every depth and undefined members dropped', () => {
    const body = { b: [1, { z: null, a: 'x', u: undefined }], a: { d: true, c: [] }, e: {} };
    expect(canonicalJson(body)).toBe('{"a":{"c":[],"d":true},"b":[1,{"a":"x","z":null}],"e":{}}');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson('"quoted"')).toBe(JSON.stringify('"quoted"'));
  });

  it('accepts a body nested exactly to the limit', () => {
    const limit = JSON.parse(`${'['.repeat(MAX_BODY_DEPTH)}${']'.repeat(MAX_BODY_DEPTH)}`) as unknown;
    expect(canonicalJson(limit)).toHaveLength(MAX_BODY_DEPTH * 2);
  });

  it('refuses a body nested deeper than the limit as a client error, not a RangeError', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
    expect(() => canonicalJson(deep)).toThrow(ValidationFailedError);
    expect(() => canonicalJson(deep)).toThrow(/more than 32 levels/);
  });
});
