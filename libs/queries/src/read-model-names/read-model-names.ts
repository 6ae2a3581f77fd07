import { liveTargetOf, Projection } from '@shopstream/projections';

/**
 * Where the read models a query reads live: `read_models.<table>` views, or `<ns>_read_models` for an isolated
 * projector instance (SHOPSTREAM_PROJECTOR_NAMESPACE). Views, so a rebuild's swap repoints them under the queries.
 */
export class ReadModelNames {
  constructor(readonly namespace: string | null) {}

  /** The quoted, schema-qualified view of one table of a projection. */
  table(projection: Projection, table: string): string {
    if (!projection.tables.some((t) => t.name === table))
      throw new Error(`${projection.name} has no table ${table}: use one of its tables`);
    return `"${liveTargetOf(projection, this.namespace).viewsSchema}"."${table}"`;
  }
}
