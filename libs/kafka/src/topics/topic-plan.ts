import { TopicSpec } from './topic-catalog';

/** What a topic looks like on the cluster now. */
export interface ExistingTopic {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly config: Readonly<Record<string, string>>;
}

export interface TopicPlan {
  readonly create: readonly TopicSpec[];
  readonly addPartitions: readonly { readonly name: string; readonly from: number; readonly to: number }[];
  /** Differences the catalog does not repair by itself (it never deletes or shrinks): reported to the user. */
  readonly drift: readonly string[];
  /** Catalog values lowered to what the cluster can hold, e.g. replication factor 3 on one broker. */
  readonly notes: readonly string[];
  readonly unchanged: readonly string[];
}

/**
 * Fits a spec to the cluster: a development machine runs one broker, so a replication factor of 3 is capped to
 * the broker count and min.insync.replicas to that, instead of failing every create.
 */
export function fitToCluster(spec: TopicSpec, brokers: number): TopicSpec {
  const replicationFactor = Math.min(spec.replicationFactor, brokers);
  const minInsyncReplicas = Math.min(spec.minInsyncReplicas, replicationFactor);
  return {
    ...spec,
    replicationFactor,
    minInsyncReplicas,
    config: { ...spec.config, 'min.insync.replicas': String(minInsyncReplicas) },
  };
}

/** Compares the catalog with the cluster. Pure: the caller applies the plan. */
export function planTopics(
  catalog: readonly TopicSpec[],
  existing: readonly ExistingTopic[],
  brokers: number,
): TopicPlan {
  const byName = new Map(existing.map((t) => [t.name, t]));
  const create: TopicSpec[] = [];
  const addPartitions: { name: string; from: number; to: number }[] = [];
  const drift: string[] = [];
  const notes: string[] = [];
  const unchanged: string[] = [];

  for (const wanted of catalog) {
    const spec = fitToCluster(wanted, brokers);
    if (spec.replicationFactor < wanted.replicationFactor) {
      notes.push(
        `${spec.name}: replication factor ${wanted.replicationFactor} lowered to ${spec.replicationFactor} (${brokers} broker(s))`,
      );
    }
    const current = byName.get(spec.name);
    if (!current) {
      create.push(spec);
      continue;
    }
    let changed = false;
    if (current.partitions < spec.partitions) {
      addPartitions.push({ name: spec.name, from: current.partitions, to: spec.partitions });
      changed = true;
    } else if (current.partitions > spec.partitions) {
      drift.push(
        `${spec.name}: has ${current.partitions} partitions, catalog says ${spec.partitions} (partitions are never removed)`,
      );
    }
    if (current.replicationFactor !== spec.replicationFactor) {
      drift.push(
        `${spec.name}: replication factor is ${current.replicationFactor}, catalog says ${spec.replicationFactor}`,
      );
    }
    for (const [key, value] of Object.entries(spec.config)) {
      const actual = current.config[key];
      if (actual !== value)
        drift.push(`${spec.name}: ${key} is ${actual ?? '(unset)'}, catalog says ${value}`);
    }
    if (!changed) unchanged.push(spec.name);
  }
  return { create, addPartitions, drift, notes, unchanged };
}
