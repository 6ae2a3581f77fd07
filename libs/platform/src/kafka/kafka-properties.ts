/** Ports of node `id` (1-based) in a cluster whose first broker listens on `basePort`: 9092/9093, 9094/9095, ... */
export function nodePorts(basePort: number, id: number): { broker: number; controller: number } {
  const broker = basePort + 2 * (id - 1);
  return { broker, controller: broker + 1 };
}

/**
 * server.properties for one combined broker+controller node of a static KRaft quorum. Internal topics get the
 * cluster's replication factor: with fewer replicas than that, a consumer group never finds its coordinator.
 */
export function renderKafkaProperties(options: {
  id: number;
  nodes: number;
  basePort: number;
  dataDir: string;
}): string {
  const { id, nodes, basePort, dataDir } = options;
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
    listeners: `PLAINTEXT://127.0.0.1:${ports.broker},CONTROLLER://127.0.0.1:${ports.controller}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${ports.broker}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': dataDir,
    'num.partitions': 12,
    'default.replication.factor': replication,
    'min.insync.replicas': minIsr,
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
