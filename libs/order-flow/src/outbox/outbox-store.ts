import { ListeningSession } from '@shopstream/database';
import { EventPosition } from './event-position';

/** Kafka headers of a record: the correlation id of the request that caused the event. */
export type OutboxHeaders = Readonly<Record<string, string>>;

export interface UnpublishedRow {
  readonly id: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly topic: string;
  readonly key: string;
  readonly value: Buffer;
  readonly headers: OutboxHeaders | null;
}

/** An encoded event to publish, with where it goes. */
export interface NewOutboxRow {
  readonly eventId: string;
  readonly eventType: string;
  readonly topic: string;
  readonly key: string;
  readonly value: Buffer;
  readonly headers: OutboxHeaders;
}

export interface PublishedPosition {
  readonly id: string;
  readonly partition: number;
  readonly offset: string;
}

export interface PublishedRow {
  readonly id: string;
  readonly eventId: string;
  readonly topic: string;
  readonly partition: number | null;
  readonly offset: string | null;
}

export const OUTBOX_CHANNEL = 'shopstream_outbox';
export const PUBLISHED_CHANNEL = 'shopstream_outbox_published';

/** All the SQL on order_flow.outbox: the commands' and the processor's appends, the relay's and the audit's reads. */
export class OutboxStore {
  constructor(private readonly session: Pick<ListeningSession, 'query'>) {}

  /**
   * Appends rows in the caller's transaction and returns their ids. The notification is delivered at commit: it
   * wakes the relay at once instead of at its next poll.
   */
  async append(rows: readonly NewOutboxRow[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const inserted = await this.session.query<{ id: string }>(
      `insert into order_flow.outbox (event_id, event_type, topic, key, value, headers)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::jsonb[]) returning id`,
      [
        rows.map((r) => r.eventId),
        rows.map((r) => r.eventType),
        rows.map((r) => r.topic),
        rows.map((r) => r.key),
        rows.map((r) => r.value),
        rows.map((r) => JSON.stringify(r.headers)),
      ],
    );
    await this.session.query(`select pg_notify('${OUTBOX_CHANNEL}', '')`);
    return inserted.map((r) => String(r.id));
  }

  /**
   * Readies a relay's session for reading the queue. Publishing a row updates it, which leaves an entry for the old
   * version in the partial index of unpublished rows until vacuum. A bitmap scan (what the planner picks from stale
   * estimates) visits every such entry's heap page on each read and never learns they are dead, so each read of the
   * queue costs as much as the events published since the last vacuum. An index scan in id order marks the entries
   * it finds dead, so later reads skip them, and it stops at the limit.
   */
  async readQueueInIndexOrder(): Promise<void> {
    await this.session.query('set enable_bitmapscan = off');
  }

  /** The oldest unpublished events: the relay publishes in id order, so each key's events leave in order. */
  async unpublished(limit: number): Promise<UnpublishedRow[]> {
    const rows = await this.session.query<UnpublishedRow>(
      `select id, event_id as "eventId", event_type as "eventType", topic, key, value, headers
       from order_flow.outbox where published_at is null order by id limit $1`,
      [limit],
    );
    return rows.map((r) => ({ ...r, id: String(r.id) }));
  }

  /**
   * Records where Kafka put each event and wakes the requests waiting for them. A position is unique among
   * published rows (an index enforces it), so two events recorded at one offset fail here instead of silently.
   */
  async markPublished(positions: readonly PublishedPosition[]): Promise<void> {
    if (positions.length === 0) return;
    await this.session.query(
      `with marked as (
         update order_flow.outbox o set published_at = now(), partition = p.partition, "offset" = p.offset
         from unnest($1::bigint[], $2::int[], $3::bigint[]) as p(id, partition, "offset") where o.id = p.id and o.published_at is null
         returning 1)
       select pg_notify('${PUBLISHED_CHANNEL}', '') from (select 1) once where exists (select 1 from marked)`,
      [positions.map((p) => p.id), positions.map((p) => p.partition), positions.map((p) => p.offset)],
    );
  }

  /** Where the published ones among these rows landed, by row id; unpublished rows are left out. */
  async publishedPositions(ids: readonly string[]): Promise<Map<string, EventPosition>> {
    const rows = await this.session.query<{
      id: string;
      event_id: string;
      event_type: string;
      topic: string;
      partition: number;
      offset: string;
    }>(
      `select id, event_id, event_type, topic, partition, "offset" from order_flow.outbox
       where id = any($1::bigint[]) and published_at is not null`,
      [ids],
    );
    return new Map(
      rows.map((r) => [
        String(r.id),
        {
          eventId: r.event_id,
          type: r.event_type,
          topic: r.topic,
          partition: r.partition,
          offset: String(r.offset),
        },
      ]),
    );
  }

  /** The id of the last row written for `key` on `topic` (published or not), or null. */
  async lastRowOf(key: string, topic: string): Promise<string | null> {
    const [row] = await this.session.query<{ id: string }>(
      'select max(id)::text as id from order_flow.outbox where key = $1 and topic = $2',
      [key, topic],
    );
    return row?.id ?? null;
  }

  /** Topics that have events waiting for the relay. */
  async unpublishedTopics(): Promise<string[]> {
    const rows = await this.session.query<{ topic: string }>(
      'select distinct topic from order_flow.outbox where published_at is null',
    );
    return rows.map((r) => r.topic);
  }

  /** The highest recorded offset of each partition that has a published row (one index probe per partition). */
  async lastRecordedOffsets(topic: string, partitions: readonly number[]): Promise<Map<number, bigint>> {
    const rows = await this.session.query<{ partition: number; offset: string | null }>(
      `select p.partition,
              (select max(o."offset") from order_flow.outbox o
               where o.published_at is not null and o.topic = $1 and o.partition = p.partition) as "offset"
       from unnest($2::int[]) as p(partition)`,
      [topic, partitions],
    );
    return new Map(
      rows.filter((r) => r.offset !== null).map((r) => [r.partition, BigInt(r.offset as string)]),
    );
  }

  /** Unpublished rows of a topic whose encoded event is byte for byte one of `values`. */
  async unpublishedWithValues(
    topic: string,
    values: readonly Buffer[],
  ): Promise<{ id: string; value: Buffer }[]> {
    if (values.length === 0) return [];
    const rows = await this.session.query<{ id: string; value: Buffer }>(
      `select id, value from order_flow.outbox
       where published_at is null and topic = $1 and value = any($2::bytea[])`,
      [topic, values],
    );
    return rows.map((r) => ({ id: String(r.id), value: r.value }));
  }

  /** The database's clock: rows published before it are in the log below the end offsets read after it. */
  async now(): Promise<Date> {
    const [row] = await this.session.query<{ now: Date }>('select now() as now');
    return row!.now;
  }

  async publishedTopics(before: Date): Promise<string[]> {
    const rows = await this.session.query<{ topic: string }>(
      'select distinct topic from order_flow.outbox where published_at is not null and published_at < $1',
      [before],
    );
    return rows.map((r) => r.topic);
  }

  async publishedOn(topic: string, before: Date): Promise<PublishedRow[]> {
    const rows = await this.session.query<{
      id: string;
      event_id: string;
      topic: string;
      partition: number | null;
      offset: string | null;
    }>(
      `select id, event_id, topic, partition, "offset" from order_flow.outbox
       where topic = $1 and published_at is not null and published_at < $2 order by id`,
      [topic, before],
    );
    return rows.map((r) => ({
      id: String(r.id),
      eventId: r.event_id,
      topic: r.topic,
      partition: r.partition,
      offset: r.offset === null ? null : String(r.offset),
    }));
  }

  /** Puts rows back in the queue: the relay publishes them again, oldest first. */
  async republish(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.session.query(
      `update order_flow.outbox set published_at = null, partition = null, "offset" = null where id = any($1::bigint[])`,
      [ids],
    );
    await this.session.query(`select pg_notify('${OUTBOX_CHANNEL}', '')`);
  }

  /**
   * Deletes up to `limit` rows published before `before`, oldest first; unpublished rows are never touched, nor the
   * newest recorded row of each partition: a relay taking over reads the log from there (see takeover/). `topic`
   * narrows it to one topic (tests scope it to their own rows).
   */
  async deletePublishedBefore(before: Date, limit: number, topic?: string): Promise<number> {
    const [row] = await this.session.query<{ n: number }>(
      `with gone as (
         delete from order_flow.outbox where ctid in (
           select ctid from order_flow.outbox o
           where published_at is not null and published_at < $1 and ($3::text is null or topic = $3)
             and (o.partition is null or exists (
               select 1 from order_flow.outbox newer
               where newer.published_at is not null and newer.topic = o.topic
                 and newer.partition = o.partition and newer."offset" > o."offset"))
           order by published_at limit $2)
         returning 1)
       select count(*)::int as n from gone`,
      [before, limit, topic ?? null],
    );
    return row?.n ?? 0;
  }

  /** Corrects the recorded position of rows found elsewhere in the log than recorded. */
  async correctPositions(positions: readonly PublishedPosition[]): Promise<void> {
    if (positions.length === 0) return;
    // Two steps, so a row moving onto a position another row is leaving never collides in the unique index.
    await this.session.query(
      `update order_flow.outbox set partition = null, "offset" = null where id = any($1::bigint[])`,
      [positions.map((p) => p.id)],
    );
    await this.session.query(
      `update order_flow.outbox o set partition = p.partition, "offset" = p.offset
       from unnest($1::bigint[], $2::int[], $3::bigint[]) as p(id, partition, "offset") where o.id = p.id`,
      [positions.map((p) => p.id), positions.map((p) => p.partition), positions.map((p) => p.offset)],
    );
  }
}
