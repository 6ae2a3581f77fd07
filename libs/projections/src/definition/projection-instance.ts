import { createHash } from 'node:crypto';
import { TOPIC_OF_EVENT } from '@shopstream/events';
import { Projection, projectionGroup, projectionSchema, READ_MODELS_SCHEMA } from './projection';

/**
 * Where one instance of a projection keeps its state and reads its events: the live instance, a namespaced copy
 * (tests, benchmarks), a rebuild's shadow or a replay's sandbox. A rebuild swaps into an instance, a verify
 * compares with one, a runner feeds one.
 */
export interface ProjectionInstance {
  /** Name its checkpoints, dead letters and projection_versions row are kept under. */
  readonly name: string;
  readonly schema: string;
  /** Topics to read, e.g. a namespace's copies of the real ones. */
  readonly topics: readonly string[];
  /** Schema of the views queries read. */
  readonly viewsSchema: string;
  /** The consumer group of a runner feeding only this instance. */
  readonly groupId?: string;
}

export function topicsOf(projection: Projection): string[] {
  return [...new Set(projection.events.map((type) => TOPIC_OF_EVENT[type]))].sort();
}

/** A consumer group in a namespace: a group of its own, never the live one. */
const namespacedGroup = (group: string, namespace: string | null) =>
  namespace ? group.replace(/^shopstream-/, `shopstream-${namespace}-`) : group;

/**
 * The live instance of a projection. A namespace (SHOPSTREAM_PROJECTOR_NAMESPACE) names an isolated instance: state
 * prefixed with it, topics suffixed with it, and views in `<ns>_read_models`.
 */
export function liveInstanceOf(projection: Projection, namespace: string | null = null): ProjectionInstance {
  const groupId = namespacedGroup(projectionGroup(projection.name, projection.version), namespace);
  if (!namespace) {
    return {
      name: projection.name,
      schema: projectionSchema(projection.name, projection.version),
      topics: topicsOf(projection),
      viewsSchema: READ_MODELS_SCHEMA,
      groupId,
    };
  }
  return {
    name: `${namespace}_${projection.name}`,
    schema: `${namespace}_${projection.name}_v${projection.version}`,
    topics: topicsOf(projection).map((t) => `${t}.${namespace}`),
    viewsSchema: `${namespace}_${READ_MODELS_SCHEMA}`,
    groupId,
  };
}

/**
 * The consumer group of a set of live projections run together: one per set, so instances of a set share it.
 */
export function projectorGroup(projections: readonly Projection[], namespace: string | null = null): string {
  const set = projections.map((p) => `${p.name}@${p.version}`).sort();
  const group =
    set.length === 1
      ? projectionGroup(projections[0]!.name, projections[0]!.version)
      : `shopstream-projector-${createHash('sha256').update(set.join(',')).digest('hex').slice(0, 12)}`;
  return namespacedGroup(group, namespace);
}
