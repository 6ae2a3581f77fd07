import { deadLetterIds, eventCount, logPosition, milliseconds, plainId } from './argument-checks';

describe('command-line argument checks', () => {
  it('takes dead-letter ids as whole numbers only', () => {
    expect(deadLetterIds(['1', '42'])).toEqual(['1', '42']);
    for (const bad of ['abc', '0', '-1', '1.5', '', '1e3', '99999999999999999999'])
      expect(() => deadLetterIds(['1', bad])).toThrow(/whole numbers, as `shopstream dlq list`/);
  });

  it('takes a log position as topic/partition@offset', () => {
    expect(logPosition('shopstream.orders/3@1204')).toBe('shopstream.orders/3@1204');
    expect(logPosition(undefined)).toBeUndefined();
    for (const bad of ['nonsense', 'orders/x@1', 'orders/1@', '/1@2', 'or ders/1@2', 'orders/01@2'])
      expect(() => logPosition(bad)).toThrow(/topic\/partition@offset/);
  });

  it('takes milliseconds as a whole number up to a day', () => {
    expect(milliseconds('--delay', '0')).toBe(0);
    expect(milliseconds('--delay', '1000')).toBe(1000);
    for (const bad of ['abc', '-1', '1.5', '', '86400001', '1e3'])
      expect(() => milliseconds('--delay', bad)).toThrow(/--delay takes whole milliseconds/);
  });

  it('takes a count of events in decimal digits, 0 included', () => {
    expect(eventCount('--max-gap', '0')).toBe(0);
    expect(eventCount('--max-gap', '500')).toBe(500);
    for (const bad of [' ', '', '-1', '1.5', 'x', '0x10'])
      expect(() => eventCount('--max-gap', bad)).toThrow(/--max-gap must be a whole number of events/);
  });

  it('takes a plain id', () => {
    expect(plainId('an order id', 'order-1')).toBe('order-1');
    for (const bad of ['', 'a b', 'x'.repeat(201), 'a\u0000b'])
      expect(() => plainId('an order id', bad)).toThrow(/an order id must be 1 to 200 printable/);
  });
});
