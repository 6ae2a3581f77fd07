import { loadLoyaltyConfig } from './loyalty-config';

describe('loadLoyaltyConfig', () => {
  it("refuses to start without its own role's database URL", () => {
    expect(() => loadLoyaltyConfig({})).toThrow(/LOYALTY_DATABASE_URL: required: the URL of the app's own/);
  });

  it('takes the URL it is given', () => {
    const url = 'postgres://shop_loyalty@127.0.0.1:5432/shop';
    expect(loadLoyaltyConfig({ LOYALTY_DATABASE_URL: url }).LOYALTY_DATABASE_URL).toBe(url);
  });
});
