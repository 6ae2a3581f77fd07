import { loadConfig } from '@shopstream/config';
import { InsecureProductionConfigError } from '../access.errors';
import { assertProductionReady } from './production-checks';

const SECRET = 'a-real-webhook-secret-0123456789abcdef';

describe('production start-up refusals', () => {
  it('given development settings, when not in production, then nothing is refused', () => {
    expect(() => assertProductionReady(loadConfig({}), { checksWebhook: true })).not.toThrow();
  });

  it('given production mode with the development secrets, then the start is refused naming each variable', () => {
    for (const env of [{ NODE_ENV: 'production' }, { SHOPSTREAM_ENV: 'production' }]) {
      const refuse = () => assertProductionReady(loadConfig(env), { checksWebhook: true });
      expect(refuse).toThrow(InsecureProductionConfigError);
      expect(refuse).toThrow(/SHOPSTREAM_PAYMENT_WEBHOOK_SECRET/);
      expect(refuse).toThrow(/SHOPSTREAM_JWT_JWKS_URL/);
    }
  });

  it('given production mode with the locally generated key set, then the start is refused', () => {
    const config = loadConfig({
      SHOPSTREAM_ENV: 'production',
      SHOPSTREAM_HOME: '/srv/shop',
      SHOPSTREAM_PAYMENT_WEBHOOK_SECRET: SECRET,
      SHOPSTREAM_JWT_JWKS_FILE: '/srv/shop/secrets/jwks.json',
    });
    expect(() => assertProductionReady(config, { checksWebhook: true })).toThrow(/locally generated/);
  });

  it('given production mode with real secrets, then it starts', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      SHOPSTREAM_PAYMENT_WEBHOOK_SECRET: SECRET,
      SHOPSTREAM_JWT_JWKS_URL: 'https://id.example.com/.well-known/jwks.json',
    });
    expect(() => assertProductionReady(config, { checksWebhook: true })).not.toThrow();
    expect(() =>
      assertProductionReady(
        loadConfig({ NODE_ENV: 'production', SHOPSTREAM_JWT_JWKS_URL: 'https://id.example.com/k' }),
        {
          checksWebhook: false,
        },
      ),
    ).not.toThrow();
  });
});
