import * as avro from 'avsc';

/*
 * avsc's built-in long zig-zags through a double and silently turns negatives below -2^52 into positives (measured:
 * -(2^52 + 1) decodes as 2^52). This long type reads and writes the zig-zag varint exactly: plain number arithmetic
 * while the value fits 7 varint bytes (|n| < 2^48, every realistic amount, version and timestamp), BigInt above,
 * and it refuses values outside Number's safe range instead of rounding them.
 */
const FAST_LIMIT = 2 ** 48;

function writeVarint(value: number): Buffer {
  if (Math.abs(value) < FAST_LIMIT) {
    let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
    const bytes: number[] = [];
    while (zigzag >= 0x80) {
      bytes.push((zigzag % 0x80) | 0x80);
      zigzag = Math.floor(zigzag / 0x80);
    }
    bytes.push(zigzag);
    return Buffer.from(bytes);
  }
  const big = BigInt(value);
  let zigzag = big >= 0n ? big << 1n : (-big << 1n) - 1n;
  const bytes: number[] = [];
  while (zigzag >= 0x80n) {
    bytes.push(Number(zigzag & 0x7fn) | 0x80);
    zigzag >>= 7n;
  }
  bytes.push(Number(zigzag));
  return Buffer.from(bytes);
}

function readVarint(buf: Buffer): number {
  if (buf.length <= 7) {
    let zigzag = 0;
    let scale = 1;
    for (const byte of buf) {
      zigzag += (byte & 0x7f) * scale;
      scale *= 0x80;
    }
    return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
  }
  let zigzag = 0n;
  let shift = 0n;
  for (const byte of buf) {
    zigzag |= BigInt(byte & 0x7f) << shift;
    shift += 7n;
  }
  const value = zigzag & 1n ? -((zigzag + 1n) >> 1n) : zigzag >> 1n;
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new Error(`long ${value} is outside JavaScript's safe integer range`);
  }
  return Number(value);
}

export const preciseLong = avro.types.LongType.__with(
  {
    fromBuffer: readVarint,
    toBuffer: writeVarint,
    fromJSON: (json: unknown) => Number(json),
    toJSON: (n: number) => n,
    isValid: (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n),
    compare: (a: number, b: number) => (a === b ? 0 : a < b ? -1 : 1),
  },
  true,
);

/** Every Avro type the platform builds goes through here, so all of them share the exact long. */
export function avroType(schema: unknown): avro.Type {
  return avro.Type.forSchema(schema as avro.Schema, {
    omitRecordMethods: true,
    // Also catches `{ "type": "long", "logicalType": "timestamp-millis" }`, which a registry entry would miss.
    typeHook: (s) => (s === 'long' || (s as { type?: unknown }).type === 'long' ? preciseLong : undefined),
  });
}
