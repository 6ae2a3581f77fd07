export * from './kafka.errors';
export { describeCluster, warmCoordinators } from './client/cluster-probe';
export type { ClusterInfo } from './client/cluster-probe';
export * from './topics/topic-catalog';
export * from './topics/topic-plan';
export { applyTopicCatalog, deleteTopics } from './topics/topic-admin';
export * from './produce/event-producer';
export * from './consume/batch-consumer';
export * from './read/topic-reader';
