import { TopicSpec } from './topic-catalog';
import { planTopics } from './topic-plan';

const orders: TopicSpec = {
  name: 'shopstream.orders',
  description: 'orders',
  key: 'orderId',
  partitions: 12,
  replicationFactor: 3,
  minInsyncReplicas: 2,
  config: { 'retention.ms': '-1' },
};

describe('planTopics', () => {
  it('creates a missing topic, fitting replication to a single broker', () => {
    const plan = planTopics([orders], [], 1);
    expect(plan.create).toEqual([
      {
        ...orders,
        replicationFactor: 1,
        minInsyncReplicas: 1,
        config: { 'retention.ms': '-1', 'min.insync.replicas': '1' },
      },
    ]);
    expect(plan.notes[0]).toMatch(/replication factor 3 lowered to 1/);
  });

  it('keeps replication factor 3 and min.insync.replicas 2 on a three-broker cluster', () => {
    const [created] = planTopics([orders], [], 3).create;
    expect(created?.replicationFactor).toBe(3);
    expect(created?.config['min.insync.replicas']).toBe('2');
  });

  it('adds partitions when the catalog asks for more, and never removes any', () => {
    const existing = {
      name: orders.name,
      partitions: 6,
      replicationFactor: 1,
      config: { 'retention.ms': '-1', 'min.insync.replicas': '1' },
    };
    expect(planTopics([orders], [existing], 1).addPartitions).toEqual([
      { name: orders.name, from: 6, to: 12 },
    ]);
    const bigger = { ...existing, partitions: 24 };
    const plan = planTopics([orders], [bigger], 1);
    expect(plan.addPartitions).toEqual([]);
    expect(plan.drift).toEqual([
      'shopstream.orders: has 24 partitions, catalog says 12 (partitions are never removed)',
    ]);
  });

  it('reports a config value changed behind the catalog as drift and an identical topic as unchanged', () => {
    const matching = {
      name: orders.name,
      partitions: 12,
      replicationFactor: 1,
      config: { 'retention.ms': '-1', 'min.insync.replicas': '1' },
    };
    expect(planTopics([orders], [matching], 1)).toMatchObject({
      drift: [],
      unchanged: [orders.name],
      create: [],
    });
    const drifted = { ...matching, config: { ...matching.config, 'retention.ms': '604800000' } };
    expect(planTopics([orders], [drifted], 1).drift).toEqual([
      'shopstream.orders: retention.ms is 604800000, catalog says -1',
    ]);
  });
});
