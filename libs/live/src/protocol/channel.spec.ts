import { keyOf, parseChannel, shows, sourceOf } from './channel';

describe('channel names', () => {
  it.each([
    ['stock:SKU-00001', 'stock', 'SKU-00001'],
    ['stock', 'stock', null],
    ['order:3f2c-9a', 'orders', '3f2c-9a'],
    ['alerts:low-stock', 'alerts', null],
    ['customer:c-42:orders', 'orders', null],
  ])('%s is fed by %s with key %p', (name, source, key) => {
    const channel = parseChannel(name);
    expect(channel && sourceOf(channel)).toBe(source);
    expect(channel && keyOf(channel)).toBe(key);
  });

  it('shows a customer only their own orders', () => {
    const channel = parseChannel('customer:c-42:orders')!;
    expect(shows(channel, { customerId: 'c-42' })).toBe(true);
    expect(shows(channel, { customerId: 'c-43' })).toBe(false);
    expect(shows(channel, null)).toBe(false);
    expect(shows(parseChannel('stock')!, null)).toBe(true);
  });

  it.each([
    '',
    'stock:',
    'order:',
    'alerts',
    'alerts:high',
    'weather:today',
    'stock: x',
    'customer::orders',
    'customer:c-1',
    `stock:${'a'.repeat(200)}`,
  ])('knows no channel %p', (name) => expect(parseChannel(name)).toBeNull());
});
