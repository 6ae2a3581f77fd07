import { ConfigError } from './config.errors';
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
});
