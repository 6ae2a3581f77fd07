import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from './config.errors';
import { kafkaPasswordFile } from './kafka-credentials';
import { loadConfig } from './load-config';

describe('loadConfig', () => {
  it('gives the documented default ports when nothing is set', () => {
    const config = loadConfig({}, '/repo');
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.registry.url).toBe('http://127.0.0.1:8081/apis/ccompat/v7');
    expect(config.ports).toEqual({
      commerceApi: 3000,
      queryApi: 3001,
      processorMetrics: 9101,
      projectorMetrics: 9102,
    });
    expect(config.home).toBe('/repo/.shopstream');
  });

  it('derives the bootstrap address from a changed Kafka port', () => {
    expect(loadConfig({ SHOPSTREAM_KAFKA_PORT: '19092' }, '/repo').kafka.brokers).toEqual([
      '127.0.0.1:19092',
    ]);
  });

  it('names every invalid variable in one error', () => {
    const attempt = () =>
      loadConfig({ SHOPSTREAM_KAFKA_PORT: 'ninety', SHOPSTREAM_REGISTRY_HEAP: 'lots' }, '/repo');
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/SHOPSTREAM_KAFKA_PORT=ninety/);
    expect(attempt).toThrow(/SHOPSTREAM_REGISTRY_HEAP=lots: a JVM heap size/);
  });

  it('connects as admin with the password `up` generated, and as the app `up` names with its own', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'config-spec-'));
    fs.mkdirSync(path.dirname(kafkaPasswordFile(home, 'admin')), { recursive: true });
    fs.writeFileSync(kafkaPasswordFile(home, 'admin'), 'generated-admin-password\n');
    expect(loadConfig({ SHOPSTREAM_HOME: home }, '/repo').kafka.credentials).toEqual({
      mechanism: 'scram-sha-512',
      username: 'admin',
      password: 'generated-admin-password',
    });
    const app = loadConfig(
      {
        SHOPSTREAM_HOME: home,
        SHOPSTREAM_KAFKA_USERNAME: 'projector',
        SHOPSTREAM_KAFKA_PROJECTOR_PASSWORD: 'from-the-vault-123',
      },
      '/repo',
    );
    expect(app.kafka.credentials?.password).toBe('from-the-vault-123');
    expect(
      loadConfig({ SHOPSTREAM_HOME: home, SHOPSTREAM_KAFKA_SASL_MECHANISM: 'none' }, '/repo').kafka
        .credentials,
    ).toBeNull();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('never repeats a password in its error', () => {
    const attempt = () => loadConfig({ SHOPSTREAM_KAFKA_ADMIN_PASSWORD: 'short' }, '/repo');
    expect(attempt).toThrow(/SHOPSTREAM_KAFKA_ADMIN_PASSWORD=<hidden, 5 characters>/);
    expect(attempt).not.toThrow(/short:/);
  });
});

describe('app database connections', () => {
  it("derives each app's URL from the admin URL with the app's own role", () => {
    const config = loadConfig(
      { SHOPSTREAM_DATABASE_URL: 'postgres://postgres@db.local:6543/shop_a' },
      '/repo-without-secrets',
    );
    expect(config.database.url).toBe('postgres://postgres@db.local:6543/shop_a');
    expect(config.database.apps.queryApi).toEqual({
      role: 'shop_a_query_api',
      url: 'postgres://shop_a_query_api@db.local:6543/shop_a',
      source: 'SHOPSTREAM_DATABASE_URL',
    });
    expect(Object.values(config.database.apps).map((a) => a.role)).toEqual([
      'shop_a_commerce_api',
      'shop_a_processor',
      'shop_a_projector',
      'shop_a_query_api',
      'shop_a_live_gateway',
      'shop_a_loyalty',
    ]);
  });

  it('takes an app its own URL when its variable is set', () => {
    const url = 'postgres://reader:secret@replica:5432/shop';
    const config = loadConfig({ SHOPSTREAM_QUERY_API_DATABASE_URL: url }, '/repo');
    expect(config.database.apps.queryApi).toEqual({
      role: 'reader',
      url,
      source: 'SHOPSTREAM_QUERY_API_DATABASE_URL',
    });
  });

  it('refuses a database name whose role names PostgreSQL would truncate', () => {
    const name = 'd'.repeat(55);
    expect(() =>
      loadConfig({ SHOPSTREAM_DATABASE_URL: `postgres://postgres@127.0.0.1/${name}` }, '/repo'),
    ).toThrow(/at most \d+ characters/);
  });
});
