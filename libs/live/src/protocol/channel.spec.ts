import { keyOf, parseChannel, sourceOf } from './channel';

describe('channel names', () => {
  it.each([
    ['stock:SKU-00001', 'stock', 'SKU-00001'],
    ['stock', 'stock', null],
    ['order:3f2c-9a', 'orders', '3f2c-9a'],
    ['alerts:low-stock', 'alerts', null],
  ])('%s is fed by %s with key %p', (name, source, key) => {
    const channel = parseChannel(name);
    expect(channel && sourceOf(channel)).toBe(source);
    expect(channel && keyOf(channel)).toBe(key);
  });

  it.each([
    '',
    'stock:',
    'order:',
    'alerts',
    'alerts:high',
    'weather:today',
    'stock: x',
    `stock:${'a'.repeat(200)}`,
  ])('knows no channel %p', (name) => expect(parseChannel(name)).toBeNull());
});
