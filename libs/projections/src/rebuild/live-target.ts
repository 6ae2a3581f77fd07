import { Projection, projectionSchema, READ_MODELS_SCHEMA } from '../definition/projection';
import { topicsOf } from '../run/projection-runner';

/** Where a projection's live instance keeps its state: what a rebuild swaps into and a verify compares with. */
export interface LiveTarget {
  /** Name its checkpoints, dead letters and projection_versions row are kept under. */
  readonly name: string;
  readonly schema: string;
  readonly topics: readonly string[];
  /** Schema of the views queries read. */
  readonly viewsSchema: string;
}

/**
 * The live instance of a projection. A namespace (SHOPSTREAM_PROJECTOR_NAMESPACE) names an isolated instance the
 * way the projector does: state prefixed with it, topics suffixed with it, and views in `<ns>_read_models`.
 */
export function liveTargetOf(projection: Projection, namespace: string | null): LiveTarget {
  if (!namespace) {
    return {
      name: projection.name,
      schema: projectionSchema(projection.name, projection.version),
      topics: topicsOf(projection),
      viewsSchema: READ_MODELS_SCHEMA,
    };
  }
  return {
    name: `${namespace}_${projection.name}`,
    schema: `${namespace}_${projection.name}_v${projection.version}`,
    topics: topicsOf(projection).map((t) => `${t}.${namespace}`),
    viewsSchema: `${namespace}_${READ_MODELS_SCHEMA}`,
  };
}
