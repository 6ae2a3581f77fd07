import * as fs from 'node:fs';
import { z } from 'zod';
import { TopicCatalogError } from '../kafka.errors';

const topicName = z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, 'a Kafka topic name');
const configValues = z.record(z.string(), z.string());

const catalogSchema = z.object({
  defaults: z.object({
    partitions: z.number().int().positive(),
    replicationFactor: z.number().int().positive(),
    minInsyncReplicas: z.number().int().positive(),
    config: configValues.default({}),
  }),
  topics: z
    .array(
      z.object({
        name: topicName,
        description: z.string().min(1),
        key: z.string().min(1),
        partitions: z.number().int().positive().optional(),
        replicationFactor: z.number().int().positive().optional(),
        minInsyncReplicas: z.number().int().positive().optional(),
        config: configValues.optional(),
      }),
    )
    .min(1),
});

/** One topic as the catalog wants it, with defaults filled in. */
export interface TopicSpec {
  readonly name: string;
  readonly description: string;
  /** What the record key is (an aggregate id), so that one aggregate's events stay on one partition in order. */
  readonly key: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
  readonly config: Readonly<Record<string, string>>;
}

export function parseTopicCatalog(json: unknown, file = 'topic catalog'): TopicSpec[] {
  const parsed = catalogSchema.safeParse(json);
  if (!parsed.success) {
    throw new TopicCatalogError(
      file,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  const { defaults, topics } = parsed.data;
  const names = new Set<string>();
  return topics.map((t) => {
    if (names.has(t.name)) throw new TopicCatalogError(file, [`topic ${t.name} is listed twice`]);
    names.add(t.name);
    return {
      name: t.name,
      description: t.description,
      key: t.key,
      partitions: t.partitions ?? defaults.partitions,
      replicationFactor: t.replicationFactor ?? defaults.replicationFactor,
      minInsyncReplicas: t.minInsyncReplicas ?? defaults.minInsyncReplicas,
      config: { ...defaults.config, ...(t.config ?? {}) },
    };
  });
}

export function readTopicCatalog(file: string): TopicSpec[] {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new TopicCatalogError(file, [error instanceof Error ? error.message : String(error)]);
  }
  return parseTopicCatalog(json, file);
}
