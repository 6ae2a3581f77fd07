import { liveInstanceOf, Projection } from '@shopstream/projections';

/**
 * Where the read models a query reads live: the instance's views (`read_models.<table>`, or `<ns>_read_models.<table>`
 * for an isolated projector instance run with SHOPSTREAM_PROJECTOR_NAMESPACE), so a rebuild's swap repoints them
 * under the queries, and the readers' database roles need no grant on the projector's tables.
 */
export class ReadModelNames {
  constructor(readonly namespace: string | null) {}

  /** The quoted, schema-qualified relation of one table of a projection. */
  table(projection: Projection, table: string): string {
    if (!projection.tables.some((t) => t.name === table))
      throw new Error(`${projection.name} has no table ${table}: use one of its tables`);
    const target = liveInstanceOf(projection, this.namespace);
    return `"${target.viewsSchema}"."${table}"`;
  }
}
