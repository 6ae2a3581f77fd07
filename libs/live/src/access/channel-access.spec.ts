import { Principal } from '@shopstream/access';
import { parseChannel } from '../protocol/channel';
import { refusalOf } from './channel-access';

const owners: Record<string, string> = { 'order-1': 'customer-1', 'order-2': 'customer-2' };
const options = (publicStock: boolean) => ({
  publicStock,
  ownerOf: (orderId: string) => Promise.resolve(owners[orderId] ?? null),
});
const customer: Principal = { kind: 'customer', customerId: 'customer-1' };
const key = (...scopes: ('storefront' | 'warehouse' | 'analyst')[]): Principal => ({
  kind: 'api-key',
  id: 'k',
  name: 'k',
  scopes,
});
const check = (principal: Principal | null, name: string, publicStock = true) =>
  refusalOf(principal, parseChannel(name)!, options(publicStock));

describe('live channel access', () => {
  it('given a customer token, when it follows orders, then only its own are allowed', async () => {
    expect(await check(customer, 'order:order-1')).toBeNull();
    expect(await check(customer, 'order:order-2')).toMatch(/only its own orders/);
    expect(await check(customer, 'order:unknown')).toMatch(/only its own orders/);
    expect(await check(customer, 'customer:customer-1:orders')).toBeNull();
    expect(await check(customer, 'customer:customer-2:orders')).toMatch(/only its own orders/);
    expect(await check(customer, 'alerts:low-stock')).not.toBeNull();
  });

  it('given stock public or not, when nobody or a customer follows stock, then it follows the setting', async () => {
    expect(await check(null, 'stock:SKU-1')).toBeNull();
    expect(await check(null, 'stock', false)).toMatch(/credential/);
    expect(await check(customer, 'stock', false)).toBeNull();
    expect(await check(null, 'order:order-1')).not.toBeNull();
  });

  it('given API keys, when they follow channels, then their scopes decide', async () => {
    expect(await check(key('storefront'), 'order:order-2')).toBeNull();
    expect(await check(key('storefront'), 'alerts:low-stock')).toMatch(/warehouse, merchant, analyst/);
    expect(await check(key('warehouse'), 'alerts:low-stock')).toBeNull();
    expect(await check(key('warehouse'), 'customer:customer-1:orders')).not.toBeNull();
  });
});
