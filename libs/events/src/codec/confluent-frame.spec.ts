import fc from 'fast-check';
import { NotConfluentFrameError } from './codec.errors';
import { frame, unframe } from './confluent-frame';

describe('Confluent frame', () => {
  it('round-trips any schema id and body', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.uint8Array({ maxLength: 64 }), (id, body) => {
        const framed = frame(id, Buffer.from(body));
        const { schemaId, body: back } = unframe(framed);
        expect(schemaId).toBe(id);
        expect(Buffer.compare(back, Buffer.from(body))).toBe(0);
      }),
    );
  });

  it.each([
    ['an empty value', Buffer.alloc(0), /empty/],
    ['a value shorter than the header', Buffer.from([0, 0, 1]), /3 byte\(s\)/],
    ['JSON text', Buffer.from('{"a":1}'), /magic byte is 123/],
  ])('rejects %s with EVENT_NOT_FRAMED', (_what, bytes, message) => {
    expect(() => unframe(bytes)).toThrow(NotConfluentFrameError);
    expect(() => unframe(bytes)).toThrow(message);
  });
});
