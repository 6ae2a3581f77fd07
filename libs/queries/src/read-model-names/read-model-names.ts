import { liveInstanceOf, Projection } from '@shopstream/projections';

/**
 * Where the read models a query reads live. The live instance's tables are read through its `read_models.<table>`
 * views, so a rebuild's swap repoints them under the queries. An isolated projector instance
 * (SHOPSTREAM_PROJECTOR_NAMESPACE, for tests and benchmarks) publishes no views: its tables are read in place.
 */
export class ReadModelNames {
  constructor(readonly namespace: string | null) {}

  /** The quoted, schema-qualified relation of one table of a projection. */
  table(projection: Projection, table: string): string {
    if (!projection.tables.some((t) => t.name === table))
      throw new Error(`${projection.name} has no table ${table}: use one of its tables`);
    const target = liveInstanceOf(projection, this.namespace);
    return `"${this.namespace === null ? target.viewsSchema : target.schema}"."${table}"`;
  }
}
