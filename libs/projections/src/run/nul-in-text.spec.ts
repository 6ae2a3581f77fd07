import { holdsNul, NUL_REPLACEMENT, withoutNul } from './nul-in-text';

class CodecRecord {
  constructor(
    readonly reason: string | null,
    readonly lines: readonly { sku: string }[],
  ) {}
  describe(): string {
    return `${this.reason}`;
  }
}

describe('NUL in a decoded event', () => {
  const event = {
    type: 'x',
    metadata: { producer: 'api', at: new Date(0) },
    payload: new CodecRecord('box\u0000 crushed', [{ sku: 'A' }, { sku: 'B\u0000' }]),
    bytes: Buffer.from([0, 1]),
    amount: 5n,
    note: null,
  };

  it('finds a NUL in a string at any depth, but not in bytes', () => {
    expect(holdsNul(event)).toBe(true);
    expect(holdsNul({ ...event, payload: new CodecRecord('fine', []) })).toBe(false);
    expect(holdsNul({ bytes: Buffer.from([0]) })).toBe(false);
    expect(holdsNul({ 'key\u0000': 1 })).toBe(true);
  });

  it('copies the event with each NUL replaced, keeping prototypes, bytes, dates and the original', () => {
    const clean = withoutNul(event);
    expect(holdsNul(clean)).toBe(false);
    expect(clean.payload.reason).toBe(`box${NUL_REPLACEMENT} crushed`);
    expect(clean.payload.lines).toEqual([{ sku: 'A' }, { sku: `B${NUL_REPLACEMENT}` }]);
    expect(clean.payload).toBeInstanceOf(CodecRecord);
    expect(clean.payload.describe()).toBe(`box${NUL_REPLACEMENT} crushed`);
    expect(clean.bytes).toBe(event.bytes);
    expect(clean.metadata.at).toBe(event.metadata.at);
    expect(clean.amount).toBe(5n);
    expect(event.payload.reason).toBe('box\u0000 crushed');
  });
});
