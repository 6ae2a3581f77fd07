import { AppliedSlot, RowsAnnouncement } from '@shopstream/projections';

/** How a source's table reads in an announcement: which schema holds an epoch's table, and a row's key and data. */
export interface AnnouncedTable {
  readonly table: string;
  /** The schema of the table a version of the read model writes. */
  schemaOf(version: number): string;
  /** The key and the data a delta carries, from an announced row; null when the row is not one. */
  read(row: Readonly<Record<string, unknown>>): { readonly key: string; readonly data: object } | null;
}

/**
 * The committed rows of a read model as its commits announced them, for a push to carry without reading them back.
 *
 * Announcements and the checkpoint's notification of one transaction arrive on one connection, rows first: once the
 * positions of a commit were heard, every row that commit wrote was heard too. A key's row here is the last one
 * announced, so for a change whose commit was heard it is that commit's row or a later one, which is what a read at
 * push time would return. Nothing is trusted across a gap: a lost connection, a new epoch, or rows too many to
 * announce forget what could have been missed, and those keys are read from the database again.
 */
export class AnnouncedRows {
  private readonly rows = new Map<string, object>();
  private epoch: string | null = null;
  /** Per partition, how far the commits heard since the last gap reached (the next offset to apply). */
  private readonly heard = new Map<number, bigint>();

  constructor(
    private readonly spec: AnnouncedTable,
    private readonly topic: string,
  ) {}

  /** The connection that hears announcements was lost or made again: what came meanwhile is unknown. */
  forget(): void {
    this.rows.clear();
    this.heard.clear();
    this.epoch = null;
  }

  /** A committed statement's rows, heard while the read model stands at `now` (null: not known yet). */
  announced(
    announcement: RowsAnnouncement,
    now: { readonly epoch: string; readonly version: number } | null,
  ): void {
    if (announcement.table !== this.spec.table || now === null) return;
    if (announcement.schema !== this.spec.schemaOf(now.version)) return;
    this.adopt(now.epoch);
    if (announcement.rows === null) {
      // Some rows changed and nobody said which: none of them is known any more.
      this.rows.clear();
      return;
    }
    for (const row of announcement.rows) {
      const read = this.spec.read(row);
      if (read) this.rows.set(read.key, read.data);
    }
  }

  /** A commit of the read model of `epoch` reached `slots`, as its notification said. */
  committed(epoch: string, slots: readonly AppliedSlot[]): void {
    this.adopt(epoch);
    for (const { topic, partition, nextOffset } of slots) {
      if (topic !== this.topic) continue;
      if (nextOffset > (this.heard.get(partition) ?? -1n)) this.heard.set(partition, nextOffset);
    }
  }

  /**
   * The committed rows of `keys` for changes at `offsets`, when every one of those changes' commits was heard and
   * every key's row is known; otherwise null, and the caller reads them.
   */
  rowsFor(
    epoch: string,
    changes: readonly { readonly partition: number; readonly offset: bigint }[],
    keys: Iterable<string>,
  ): Map<string, object> | null {
    if (epoch !== this.epoch) return null;
    for (const { partition, offset } of changes) if (offset >= (this.heard.get(partition) ?? 0n)) return null;
    const found = new Map<string, object>();
    for (const key of keys) {
      const row = this.rows.get(key);
      if (!row) return null;
      found.set(key, row);
    }
    return found;
  }

  private adopt(epoch: string): void {
    if (epoch === this.epoch) return;
    this.forget();
    this.epoch = epoch;
  }
}
