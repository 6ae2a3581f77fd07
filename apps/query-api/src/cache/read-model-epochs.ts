import { liveInstanceOf, Projection, projectionSchema } from '@shopstream/projections';
import {
  orderLinesProjection,
  orderSummaryProjection,
  orderTimelineProjection,
  stockLevelsProjection,
} from '@shopstream/read-models';
import { WatchedTable } from './cache-triggers.store';

/** The cached answers and the read-model tables each is made of, with the column that names its key. */
export const CACHED_READS = {
  order: [
    { projection: orderSummaryProjection, table: 'order_summary', keyColumn: 'order_id' },
    { projection: orderLinesProjection, table: 'order_lines', keyColumn: 'order_id' },
    { projection: orderTimelineProjection, table: 'order_timeline', keyColumn: 'order_id' },
  ],
  stock: [{ projection: stockLevelsProjection, table: 'stock_levels', keyColumn: 'sku' }],
} as const;
export type CachedRead = keyof typeof CACHED_READS;

const PROJECTIONS: readonly Projection[] = [
  ...new Set(Object.values(CACHED_READS).flatMap((reads) => reads.map((r) => r.projection as Projection))),
];

/**
 * Which version of each cached read model is live, and so which tables to watch and which key space to use. A
 * rebuild's swap moves a projection to a new version: new tables, and a new epoch in every key made from them, so
 * no answer of the old generation is served after the swap.
 */
export class ReadModelEpochs {
  /** Each cached read's epoch and instance names, made once here: every cached request asks for them. */
  private readonly epochs: Readonly<Record<CachedRead, string>>;
  private readonly instances: Readonly<Record<CachedRead, readonly string[]>>;

  constructor(
    private readonly namespace: string | null,
    private readonly versions: ReadonlyMap<string, number>,
  ) {
    const reads = Object.keys(CACHED_READS) as CachedRead[];
    const each = <T>(make: (read: CachedRead) => T) =>
      Object.fromEntries(reads.map((read) => [read, make(read)])) as Record<CachedRead, T>;
    this.epochs = each((read) => CACHED_READS[read].map((r) => this.versionOf(r.projection)).join('.'));
    this.instances = each((read) =>
      CACHED_READS[read].map((r) => liveInstanceOf(r.projection, namespace).name),
    );
  }

  /** The live instance names whose active version decides the epoch. */
  static instanceNames(namespace: string | null): string[] {
    return PROJECTIONS.map((p) => liveInstanceOf(p, namespace).name);
  }

  versionOf(projection: Projection): number {
    return this.versions.get(liveInstanceOf(projection, this.namespace).name) ?? projection.version;
  }

  schemaOf(projection: Projection): string {
    if (this.namespace !== null) return liveInstanceOf(projection, this.namespace).schema;
    return projectionSchema(projection.name, this.versionOf(projection));
  }

  /** The epoch of a cached read: the versions of the read models it is made of. */
  epochOf(read: CachedRead): string {
    return this.epochs[read];
  }

  /** The live instance names of a cached read's read models: the projections its values' stamps cover. */
  instancesOf(read: CachedRead): readonly string[] {
    return this.instances[read];
  }

  sameAs(other: ReadModelEpochs): boolean {
    return PROJECTIONS.every((p) => this.versionOf(p) === other.versionOf(p));
  }

  watchedTables(): WatchedTable[] {
    return [
      ...Object.values(CACHED_READS).flatMap((reads) =>
        reads.map((r) => ({ schema: this.schemaOf(r.projection), table: r.table, keyColumn: r.keyColumn })),
      ),
      { schema: 'public', table: 'projection_versions', keyColumn: 'projection', always: true },
    ];
  }

  /** The cached reads all of whose tables are among `watched`: only those may be cached. */
  readsWatched(watched: readonly WatchedTable[]): Set<CachedRead> {
    const names = new Set(watched.map((w) => `${w.schema}.${w.table}`));
    return new Set(
      (Object.keys(CACHED_READS) as CachedRead[]).filter((read) =>
        CACHED_READS[read].every((r) => names.has(`${this.schemaOf(r.projection)}.${r.table}`)),
      ),
    );
  }

  /** Which cached read a changed table feeds, if any. */
  readOf(schema: string, table: string): CachedRead | null {
    for (const [read, parts] of Object.entries(CACHED_READS) as [
      CachedRead,
      (typeof CACHED_READS)[CachedRead],
    ][])
      if (parts.some((p) => p.table === table && this.schemaOf(p.projection) === schema)) return read;
    return null;
  }
}
