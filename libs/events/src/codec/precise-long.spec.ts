import * as avro from 'avsc';
import fc from 'fast-check';
import { avroType } from './precise-long';

describe('precise long', () => {
  const precise = avroType('long');
  const standard = avro.Type.forSchema('long');

  it('round-trips every safe integer, including the negatives avsc corrupts', () => {
    expect(precise.fromBuffer(precise.toBuffer(-(2 ** 52) - 1))).toBe(-(2 ** 52) - 1);
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => expect(precise.fromBuffer(precise.toBuffer(n))).toBe(n)),
    );
  });

  it('writes the same bytes as the standard Avro encoding wherever that one is exact', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 52), max: 2 ** 52 }), (n) => {
        expect(precise.toBuffer(n).equals(standard.toBuffer(n))).toBe(true);
      }),
    );
  });

  it('refuses a long beyond the safe range rather than rounding it', () => {
    // 2^60 as a zig-zag varint, written by a Java producer.
    const big = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]);
    expect(() => precise.fromBuffer(big)).toThrow(/outside JavaScript's safe integer range/);
    expect(precise.isValid(2 ** 60)).toBe(false);
  });
});

describe('avroType', () => {
  it('uses the precise long inside records and under logical types', () => {
    const type = avroType({
      type: 'record',
      name: 'T',
      fields: [{ name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } }],
    });
    const value = { at: -(2 ** 52) - 7 };
    expect(type.fromBuffer(type.toBuffer(value))).toEqual(value);
  });
});
