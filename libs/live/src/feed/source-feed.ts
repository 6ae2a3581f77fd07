import { AppliedPositions, RowsAnnouncement } from '@shopstream/projections';
import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import {
  fetchPartitionOffsets,
  IncomingRecord,
  PartitionReader,
  readPartitionRanges,
} from '@shopstream/kafka';
import { Logger } from '@shopstream/logging';
import { Pool } from 'pg';
import { ReadModelUnavailableError } from '../live.errors';
import { LiveMetrics } from '../metrics/live-metrics';
import { Channel, keyOf, shows } from '../protocol/channel';
import { offsetOf, Position } from '../protocol/position';
import { FreshReason } from '../protocol/server-frame';
import { Delivery } from '../hub/delivery';
import { ChannelFeed, Start } from '../hub/channel-feed';
import { SubscriptionHub } from '../hub/subscription-hub';
import { ProjectionPosition, ProjectionPositionStore } from '../store/projection-position.store';
import { readSnapshot } from '../store/read-snapshot';
import { CoalescingBatcher } from './coalescing-batcher';
import { LoggedChange, RecentChanges } from './recent-changes';
import { PendingChange, PendingChanges } from './pending-changes';
import { CommitGate } from './commit-gate';
import { LogRangeBatcher } from './log-range-batcher';
import { LiveSource } from './live-sources';
import { AnnouncedRows } from './announced-rows';

type Decoded = LoggedChange;

/** A subscription about to start: its channel, and the position it resumes from (null: it wants a snapshot). */
interface OpenRequest {
  readonly channel: Channel;
  readonly since: Position | null;
}

/** What one transaction read for an OpenRequest: where the read model stood, and the data the start needs. */
interface OpenRead {
  readonly position: ProjectionPosition;
  readonly data: unknown;
  /** With since on a channel of one key: that key's committed state (absent: no row yet). */
  readonly rows: Map<string, object> | null;
}

/** How long the first offset still in the log is trusted before it is asked again (retention moves it slowly). */
const LOG_START_TTL_MS = 30_000;
/** Changes read ahead of the projection's commit before the reader waits for it: memory stays bounded. */
const MAX_PENDING = 50_000;
/** Longest pause between attempts to push changes whose committed state could not be read. */
const MAX_RETRY_MS = 5_000;

/**
 * Follows one source's log from the projection's checkpoint and pushes each event to the hub once the projection
 * committed it, with the committed state of its key. Every gateway runs its own: each reads every partition itself,
 * so any number of gateways serve their own clients from the log and the read models, not from one another.
 */
export class SourceFeed implements ChannelFeed {
  private reader: PartitionReader | null = null;
  private gate: CommitGate | null = null;
  private partitions = 0;
  /** Shared by every resume that asks meanwhile: a storm asks the brokers once, not once per client. */
  private logStart: { readonly at: number; readonly offsets: Promise<readonly bigint[]> } | null = null;
  /** Per partition, the projection's checkpoint when this feed started: records before it only fill `recent`. */
  private startedAt: readonly bigint[] = [];
  private readonly recent: RecentChanges;
  private readonly pending = new PendingChanges();
  /** The read model's rows as its commits announced them: a push carries them without reading them back. */
  private readonly announced: AnnouncedRows | null;
  private releasing = false;
  private stopped = false;
  /** A record is decoded once however many resumes of one log read want it. */
  private readonly decodedHistory = new WeakMap<IncomingRecord, Decoded | null>();
  /**
   * Subscriptions starting at the same time share one snapshot transaction: the read model's position once, and the
   * rows or snapshots each needs, instead of a transaction (and a pooled connection) per subscriber.
   */
  private readonly opens = new CoalescingBatcher<OpenRequest, OpenRead>((requests) =>
    this.readOpens(requests),
  );
  private readonly history = new LogRangeBatcher(async (ranges) => {
    const found: IncomingRecord[] = [];
    await readPartitionRanges({
      brokers: this.deps.brokers,
      clientId: 'shopstream-live-resume',
      topic: this.spec.topic,
      ranges,
      onRecords: (_, records) => found.push(...records),
    });
    return found;
  });

  constructor(
    private readonly spec: LiveSource,
    private readonly deps: {
      readonly pool: Pool;
      readonly codec: EventCodec<ShopstreamEvent>;
      readonly brokers: readonly string[];
      readonly hub: SubscriptionHub;
      readonly positions: ProjectionPositionStore;
      readonly metrics: LiveMetrics;
      readonly logger: Logger;
      readonly pollMs: number;
      /** Events per partition kept in memory for resumes (`RecentChanges`). */
      readonly recentPerPartition: number;
    },
  ) {
    this.recent = new RecentChanges(deps.recentPerPartition);
    this.announced = spec.announced ? new AnnouncedRows(spec.announced, spec.topic) : null;
  }

  get source() {
    return this.spec.source;
  }

  /** The projection whose commits this feed waits for. */
  get projection(): string {
    return this.spec.projection;
  }

  /** The projection announced a commit, with the positions it reached when sent: changes waiting may go now. */
  applied(positions: AppliedPositions | null): void {
    if (positions && positions.activatedMs !== null)
      this.announced?.committed(`v${positions.version}-${positions.activatedMs}`, positions.slots);
    this.gate?.applied(positions);
  }

  /** A commit announced rows of a read-model table (heard on the connection that hears `applied`, before it). */
  rowsAnnounced(announcement: RowsAnnouncement): void {
    this.announced?.announced(announcement, this.gate?.position ?? null);
  }

  /** Whether the projection's commits are announced (the gateway's listening connection is up). */
  hearing(heard: boolean): void {
    // Connected anew or lost: announcements in between went unheard.
    this.announced?.forget();
    this.gate?.hearing(heard);
  }

  async start(): Promise<void> {
    const offsets = await fetchPartitionOffsets(this.deps.brokers, [this.spec.topic]);
    this.partitions = offsets.length;
    if (this.partitions === 0)
      throw new Error(
        `topic ${this.spec.topic} does not exist: create the topics with \`shopstream up\` first`,
      );
    const initial = await this.deps.positions.read(this.spec.projection, this.spec.topic, this.partitions);
    this.gate = new CommitGate(
      this.deps.positions,
      this.spec.projection,
      this.spec.topic,
      this.partitions,
      this.deps.pollMs,
      (position) => void this.onNewEpoch(position),
      (error) =>
        this.deps.logger.error({ err: error, source: this.spec.source }, 'reading checkpoints failed'),
    );
    // Deliveries start at the projection's checkpoint: every snapshot taken from now on is at or past it, so nothing
    // between a snapshot and the first delta is missed. Reading starts up to a window earlier, so that clients
    // which were connected to a gateway that stopped resume from memory here.
    const low = (p: number) => BigInt(offsets.find((o) => o.partition === p)!.low);
    this.startedAt = Array.from({ length: this.partitions }, (_, p) => initial?.offsets[p] ?? low(p));
    const startAt = (p: number) => {
      const back = this.startedAt[p]! - BigInt(this.deps.recentPerPartition);
      const from = back > low(p) ? back : low(p);
      this.recent.startAt(p, from);
      return String(from);
    };
    this.reader = new PartitionReader({
      brokers: this.deps.brokers,
      clientId: 'shopstream-live',
      topic: this.spec.topic,
      startAt,
      onRecords: (partition, records) => this.onRecords(partition, records),
      onError: (error) =>
        this.deps.logger.error({ err: error, topic: this.spec.topic }, 'live feed stopped reading the log'),
    });
    await this.reader.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pending.clear();
    this.gate?.stop();
    await this.reader?.stop();
  }

  /** Where a subscription starts: a snapshot, or with `since` the events it missed if the log still has them. */
  async open(channel: Channel, since: Position | null): Promise<Start> {
    const read = await this.opens.submit({ channel, since });
    const position: Position = { epoch: read.position.epoch, offsets: read.position.offsets };
    if (since === null) return { kind: 'snapshot', data: read.data, position };
    const fresh = await this.whyNotResumable(since, read.position);
    if (fresh) {
      const snapshot = await this.open(channel, null);
      return snapshot.kind === 'snapshot' ? { ...snapshot, fresh } : snapshot;
    }
    const missed = await this.readMissed(channel, since, read.position, read.rows);
    return { kind: 'resumed', since, missed, position };
  }

  /** One REPEATABLE READ transaction for every subscription starting now: rows and position of the same moment. */
  private readOpens(requests: readonly OpenRequest[]): Promise<OpenRead[]> {
    return readSnapshot(this.deps.pool, async (client) => {
      const position = await this.deps.positions.read(
        this.spec.projection,
        this.spec.topic,
        this.partitions,
        client,
      );
      if (!position) throw new ReadModelUnavailableError(this.spec.projection);
      const resumedKeys = new Set<string>();
      const snapshots = new Map<string, unknown>();
      for (const { channel, since } of requests) {
        const key = keyOf(channel);
        if (since !== null && key !== null) resumedKeys.add(key);
        if (since === null && !snapshots.has(channel.name))
          snapshots.set(channel.name, await this.spec.snapshot(client, channel));
      }
      const rows =
        resumedKeys.size > 0 ? await this.spec.rows(client, [...resumedKeys]) : new Map<string, object>();
      return requests.map(({ channel, since }) => {
        const key = keyOf(channel);
        const row = key === null ? undefined : rows.get(key);
        return {
          position,
          data: since === null ? snapshots.get(channel.name) : null,
          rows: since !== null && key !== null ? new Map(row ? [[key, row]] : []) : null,
        };
      });
    });
  }

  private async whyNotResumable(since: Position, now: ProjectionPosition): Promise<FreshReason | null> {
    if (since.epoch !== now.epoch) return 'new-epoch';
    // Ahead of the read model: a position from a read model that no longer exists.
    if (now.offsets.some((o, p) => offsetOf(since, p) > o)) return 'new-epoch';
    const start = await this.logStartOffsets();
    if (now.offsets.some((o, p) => offsetOf(since, p) < o && offsetOf(since, p) < (start[p] ?? 0n)))
      return 'log-truncated';
    return null;
  }

  private async readMissed(
    channel: Channel,
    since: Position,
    now: ProjectionPosition,
    keyRows: Map<string, object> | null,
  ): Promise<Delivery[]> {
    const key = keyOf(channel);
    const wanted = await this.changesBetween(since, now, key);
    // The state once every missed event is applied: the client lands on what a fresh snapshot would show.
    const rows =
      keyRows ??
      (await readSnapshot(this.deps.pool, (client) =>
        this.spec.rows(client, [...new Set(wanted.map((w) => w.decoded.key))]),
      ));
    return wanted
      .map(({ partition, decoded }) => deliveryOf(partition, decoded, rows))
      .filter((delivery) => shows(channel, delivery.data));
  }

  /**
   * The changes from `since` up to `now` (of `key` only, when given), from memory when it holds them all, else read
   * from the log.
   */
  private async changesBetween(
    since: Position,
    now: ProjectionPosition,
    key: string | null,
  ): Promise<{ partition: number; decoded: Decoded }[]> {
    const fromMemory: { partition: number; decoded: Decoded }[] = [];
    for (let partition = 0; partition < now.offsets.length; partition++) {
      const found = this.recent.between(partition, offsetOf(since, partition), now.offsets[partition]!, key);
      if (found === null) return this.readFromLog(since, now, key);
      for (const decoded of found) fromMemory.push({ partition, decoded });
    }
    this.deps.metrics.resumeReads.inc({ from: 'memory' });
    return fromMemory;
  }

  private async readFromLog(
    since: Position,
    now: ProjectionPosition,
    key: string | null,
  ): Promise<{ partition: number; decoded: Decoded }[]> {
    this.deps.metrics.resumeReads.inc({ from: 'log' });
    const found = await this.history.read(
      new Map(now.offsets.map((to, p) => [p, { from: offsetOf(since, p), to }] as const)),
    );
    const changes: { partition: number; decoded: Decoded }[] = [];
    for (const record of found) {
      let decoded = this.decodedHistory.get(record);
      if (decoded === undefined) this.decodedHistory.set(record, (decoded = await this.decode(record)));
      if (decoded && (key === null || decoded.key === key))
        changes.push({ partition: record.partition, decoded });
    }
    return changes;
  }

  private logStartOffsets(): Promise<readonly bigint[]> {
    if (this.logStart && Date.now() - this.logStart.at < LOG_START_TTL_MS) return this.logStart.offsets;
    const offsets = fetchPartitionOffsets(this.deps.brokers, [this.spec.topic]).then((found) =>
      Array.from({ length: this.partitions }, (_, p) =>
        BigInt(found.find((o) => o.partition === p)?.low ?? '0'),
      ),
    );
    this.logStart = { at: Date.now(), offsets };
    // A failed ask is not kept: the next resume asks again.
    offsets.catch(() => {
      if (this.logStart?.offsets === offsets) this.logStart = null;
    });
    return offsets;
  }

  private async decode(record: IncomingRecord): Promise<Decoded | null> {
    if (!record.value) return null;
    try {
      const keyed = this.spec.describe(await this.deps.codec.decode(record.value));
      return keyed && { ...keyed, offset: BigInt(record.offset) };
    } catch (error) {
      this.deps.metrics.undecodable.inc();
      this.deps.logger.error(
        { err: error, topic: record.topic, partition: record.partition, offset: record.offset },
        'a log record could not be decoded; no channel shows it',
      );
      return null;
    }
  }

  private async onRecords(partition: number, records: readonly IncomingRecord[]): Promise<void> {
    const read = Date.now();
    const decoded = (await Promise.all(records.map((r) => this.decode(r)))).filter(
      (d): d is Decoded => d !== null,
    );
    const last = records.at(-1);
    if (!last) return;
    this.recent.append(partition, decoded, BigInt(last.offset) + 1n);
    // Committed before this feed started: no subscription here is older than that, so nobody waits for these.
    const start = this.startedAt[partition]!;
    this.pending.add(
      partition,
      decoded.filter((d) => d.offset >= start),
      read,
    );
    this.release();
    // A projector far behind must not let the read-ahead grow without bound: then the reader waits for it.
    if (this.pending.size > MAX_PENDING) await this.gate!.waitPast(partition, BigInt(last.offset));
  }

  /** Pushes pending changes as the projection commits them, one batch at a time so each key's stay in order. */
  private release(): void {
    if (this.releasing) return;
    this.releasing = true;
    void this.releaseLoop();
  }

  private async releaseLoop(): Promise<void> {
    for (;;) {
      // Checked and given up in one turn of the event loop: a change added after this check starts a new loop.
      if (this.pending.size === 0 || this.stopped) {
        this.releasing = false;
        return;
      }
      try {
        // First the commit, then who wants it: a subscription added after the commit has a snapshot showing it.
        await this.gate!.waitUntil((position) => this.pending.anyCommitted(position.offsets));
      } catch {
        this.releasing = false;
        return;
      }
      await this.push(this.pending.takeCommitted(this.gate!.position!.offsets));
    }
  }

  /** Hands committed changes to the subscriptions that want them, with their keys' committed state. */
  private async push(ready: readonly PendingChange[]): Promise<void> {
    const wanted = new Set(
      this.deps.hub.wanted(
        this.spec.source,
        ready.map((r) => r.change.key),
      ),
    );
    if (wanted.size === 0) return;
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        const changes = ready.filter((r) => wanted.has(r.change.key));
        const announced =
          this.announced?.rowsFor(
            this.gate!.position!.epoch,
            changes.map(({ partition, change }) => ({ partition, offset: change.offset })),
            wanted,
          ) ?? null;
        // Else one statement sees one committed state, past the gate: no transaction needed around it.
        const rows = announced ?? (await this.spec.rows(this.deps.pool, [...wanted]));
        this.deps.metrics.stateReads.inc({ from: announced ? 'announcement' : 'database' });
        this.deps.hub.deliver(
          this.spec.source,
          changes.map(({ partition, change }) => deliveryOf(partition, change, rows)),
        );
        const now = Date.now();
        for (const r of ready) this.deps.metrics.commitToPush.observe((now - r.readAt) / 1000);
        return;
      } catch (error) {
        this.deps.logger.warn(
          { err: error, source: this.spec.source, changes: ready.length },
          'reading committed state for a push failed; trying again',
        );
        await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_RETRY_MS, 100 * 2 ** attempt)));
      }
    }
  }

  /** A rebuild swapped a new version in: positions of the old one mean nothing, so everyone gets a new snapshot. */
  private async onNewEpoch(position: ProjectionPosition): Promise<void> {
    this.announced?.forget();
    this.deps.logger.info({ source: this.spec.source, epoch: position.epoch }, 'new read model epoch');
    for (const subscription of this.deps.hub.subscriptionsOf(this.spec.source)) {
      try {
        const start = await this.open(subscription.channel, null);
        if (start.kind === 'snapshot')
          subscription.startWithSnapshot(start.data, start.position, 'new-epoch');
      } catch (error) {
        this.deps.logger.error(
          { err: error, channel: subscription.channel.name },
          'new-epoch snapshot failed',
        );
      }
    }
  }
}

/** A change as the hub pushes it: with its key's committed state. */
function deliveryOf(partition: number, change: Decoded, rows: ReadonlyMap<string, object>): Delivery {
  return {
    key: change.key,
    partition,
    offset: change.offset,
    change: change.change,
    data: rows.get(change.key) ?? null,
  };
}
