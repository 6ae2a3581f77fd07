import { newClusterId, nodePorts, renderKafkaProperties } from './kafka-properties';

const parse = (text: string) =>
  Object.fromEntries(
    text
      .trim()
      .split('\n')
      .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );

describe('Kafka node properties', () => {
  it('gives one node the default ports 9092/9093 and replication factor 1 for internal topics', () => {
    const props = parse(
      renderKafkaProperties({ id: 1, nodes: 1, basePort: 9092, dataDir: '/d', brokerPassword: 'pw' }),
    );
    expect(props['listeners']).toBe('CLIENT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093');
    expect(props['controller.quorum.voters']).toBe('1@127.0.0.1:9093');
    expect(props['offsets.topic.replication.factor']).toBe('1');
    expect(props['transaction.state.log.min.isr']).toBe('1');
  });

  it('lays three brokers out on 9092/9094/9096 with replication 3 and min.insync.replicas 2', () => {
    expect([1, 2, 3].map((id) => nodePorts(9092, id).broker)).toEqual([9092, 9094, 9096]);
    const props = parse(
      renderKafkaProperties({ id: 2, nodes: 3, basePort: 9092, dataDir: '/d', brokerPassword: 'pw' }),
    );
    expect(props['controller.quorum.voters']).toBe('1@127.0.0.1:9093,2@127.0.0.1:9095,3@127.0.0.1:9097');
    expect(props['advertised.listeners']).toBe('CLIENT://127.0.0.1:9094');
    expect(props['default.replication.factor']).toBe('3');
    expect(props['min.insync.replicas']).toBe('2');
  });

  it('accepts only authenticated clients and lets them do only what an ACL allows', () => {
    const props = parse(
      renderKafkaProperties({ id: 1, nodes: 3, basePort: 9092, dataDir: '/d', brokerPassword: 'pw' }),
    );
    expect(props['listener.security.protocol.map']).toBe('CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT');
    expect(props['listener.name.client.sasl.enabled.mechanisms']).toBe('SCRAM-SHA-512');
    expect(props['sasl.mechanism.inter.broker.protocol']).toBe('SCRAM-SHA-512');
    expect(props['sasl.mechanism.controller.protocol']).toBe('PLAIN');
    expect(props['listener.name.controller.plain.sasl.jaas.config']).toContain('user_broker="pw"');
    expect(props['authorizer.class.name']).toBe('org.apache.kafka.metadata.authorizer.StandardAuthorizer');
    expect(props['super.users']).toBe('User:admin;User:broker');
    expect(props['allow.everyone.if.no.acl.found']).toBe('false');
  });

  it('never hands out a cluster id that starts with a dash', () => {
    const bytes = [
      Buffer.from([0xfb, 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]),
      Buffer.alloc(16, 7),
    ];
    const id = newClusterId(() => bytes.shift() ?? Buffer.alloc(16));
    expect(id.startsWith('-')).toBe(false);
    expect(id).toHaveLength(22);
  });
});
