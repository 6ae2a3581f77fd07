/** Ports of node `id` (1-based) in a cluster whose first broker listens on `basePort`: 9092/9093, 9094/9095, ... */
export function nodePorts(basePort: number, id: number): { broker: number; controller: number } {
  const broker = basePort + 2 * (id - 1);
  return { broker, controller: broker + 1 };
}

/** Principals the brokers let do everything: the operator's tools, and the brokers among themselves. */
export const KAFKA_SUPER_USERS = ['admin', 'broker'] as const;

/**
 * server.properties for one combined broker+controller node of a static KRaft quorum. Internal topics get the
 * cluster's replication factor: with fewer replicas than that, a consumer group never finds its coordinator.
 *
 * Security: clients and brokers meet on the CLIENT listener with SASL/SCRAM-SHA-512, whose credentials KRaft keeps
 * in its metadata log. The controller listener cannot use SCRAM (a controller would need the log to authenticate the
 * peers it reads the log from), so it uses SASL/PLAIN with the broker's one credential in this file; no listener
 * accepts an anonymous connection, whose principal would otherwise need to be a super user for the quorum to work.
 */
export function renderKafkaProperties(options: {
  id: number;
  nodes: number;
  basePort: number;
  dataDir: string;
  brokerPassword: string;
}): string {
  const { id, nodes, basePort, dataDir, brokerPassword } = options;
  const ports = nodePorts(basePort, id);
  const voters = Array.from(
    { length: nodes },
    (_, i) => `${i + 1}@127.0.0.1:${nodePorts(basePort, i + 1).controller}`,
  );
  const replication = Math.min(nodes, 3);
  const minIsr = Math.max(1, replication - 1);
  const lines: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': id,
    'controller.quorum.voters': voters.join(','),
    listeners: `CLIENT://127.0.0.1:${ports.broker},CONTROLLER://127.0.0.1:${ports.controller}`,
    'advertised.listeners': `CLIENT://127.0.0.1:${ports.broker}`,
    'listener.security.protocol.map': 'CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'CLIENT',
    'sasl.mechanism.inter.broker.protocol': 'SCRAM-SHA-512',
    'sasl.mechanism.controller.protocol': 'PLAIN',
    'listener.name.client.sasl.enabled.mechanisms': 'SCRAM-SHA-512',
    'listener.name.client.scram-sha-512.sasl.jaas.config': jaas('scram.ScramLoginModule', {
      username: 'broker',
      password: brokerPassword,
    }),
    'listener.name.controller.sasl.enabled.mechanisms': 'PLAIN',
    'listener.name.controller.plain.sasl.jaas.config': jaas('plain.PlainLoginModule', {
      username: 'broker',
      password: brokerPassword,
      user_broker: brokerPassword,
    }),
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'super.users': KAFKA_SUPER_USERS.map((u) => `User:${u}`).join(';'),
    'allow.everyone.if.no.acl.found': 'false',
    'log.dirs': dataDir,
    'num.partitions': 12,
    'default.replication.factor': replication,
    'min.insync.replicas': minIsr,
    // Kafka sizes its internal topics for large clusters (50 partitions each): on these nodes they would be most of
    // the logs a broker restarted after a crash recovers before it serves again. Applies to topics not yet created.
    'offsets.topic.num.partitions': 12,
    'transaction.state.log.num.partitions': 12,
    'offsets.topic.replication.factor': replication,
    'transaction.state.log.replication.factor': replication,
    'transaction.state.log.min.isr': minIsr,
    'share.coordinator.state.topic.replication.factor': replication,
    'share.coordinator.state.topic.min.isr': minIsr,
    // Topics are created by the catalog only, so a typo in a consumer never invents a topic.
    'auto.create.topics.enable': 'false',
    // Tests and the CLI join groups constantly; the default 3 s wait only slows every first rebalance.
    'group.initial.rebalance.delay.ms': 0,
    'log.retention.hours': -1,
  };
  return `${Object.entries(lines)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')}\n`;
}

/** A KRaft cluster id: 16 random bytes in URL-safe base64, never starting with '-' (Kafka's own rule). */
export function newClusterId(random: () => Buffer): string {
  for (;;) {
    const id = random().toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** A JAAS login line; the generated passwords are URL-safe base64, so they need no escaping inside the quotes. */
function jaas(module: string, options: Record<string, string>): string {
  const values = Object.entries(options)
    .map(([k, v]) => `${k}="${v}"`)
    .join(' ');
  return `org.apache.kafka.common.security.${module} required ${values};`;
}
