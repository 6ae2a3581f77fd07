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
import { CommitGate } from './commit-gate';
import { KeyedChange } from '../change/describe-change';
import { LogRangeBatcher } from './log-range-batcher';
import { LiveSource } from './live-sources';

interface Decoded extends KeyedChange {
  readonly offset: bigint;
}

/** How long the first offset still in the log is trusted before it is asked again (retention moves it slowly). */
const LOG_START_TTL_MS = 30_000;

/**
 * Follows one source's log from the projection's checkpoint and pushes each event to the hub once the projection
 * committed it, with the committed state of its key. Every gateway runs its own: each reads every partition itself,
 * so any number of gateways serve their own clients from the log and the read models, not from one another.
 */
export class SourceFeed implements ChannelFeed {
  private reader: PartitionReader | null = null;
  private gate: CommitGate | null = null;
  private partitions = 0;
  private logStart: { readonly at: number; readonly offsets: readonly bigint[] } | null = null;
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
    },
  ) {}

  get source() {
    return this.spec.source;
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
    // From the projection's checkpoint: every snapshot taken from now on is at or past it, so nothing between a
    // snapshot and the first delta is missed.
    const startAt = (p: number) =>
      String(initial?.offsets[p] ?? BigInt(offsets.find((o) => o.partition === p)!.low));
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
    this.gate?.stop();
    await this.reader?.stop();
  }

  /** Where a subscription starts: a snapshot, or with `since` the events it missed if the log still has them. */
  async open(channel: Channel, since: Position | null): Promise<Start> {
    const read = await readSnapshot(this.deps.pool, async (client) => {
      const position = await this.deps.positions.read(
        this.spec.projection,
        this.spec.topic,
        this.partitions,
        client,
      );
      if (!position) throw new ReadModelUnavailableError(this.spec.projection);
      const key = keyOf(channel);
      return {
        position,
        data: since === null ? await this.spec.snapshot(client, channel) : null,
        rows: since !== null && key !== null ? await this.spec.rows(client, [key]) : null,
      };
    });
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
    const found = await this.history.read(
      new Map(now.offsets.map((to, p) => [p, { from: offsetOf(since, p), to }] as const)),
    );
    const wanted: { partition: number; decoded: Decoded }[] = [];
    for (const record of found) {
      const decoded = await this.decode(record);
      if (decoded && (key === null || decoded.key === key))
        wanted.push({ partition: record.partition, decoded });
    }
    // The state once every missed event is applied: the client lands on what a fresh snapshot would show.
    const rows =
      keyRows ??
      (await readSnapshot(this.deps.pool, (client) =>
        this.spec.rows(client, [...new Set(wanted.map((w) => w.decoded.key))]),
      ));
    return wanted
      .map(({ partition, decoded }) => ({
        key: decoded.key,
        partition,
        offset: decoded.offset,
        change: decoded.change,
        data: rows.get(decoded.key) ?? null,
      }))
      .filter((delivery) => shows(channel, delivery.data));
  }

  private async logStartOffsets(): Promise<readonly bigint[]> {
    if (this.logStart && Date.now() - this.logStart.at < LOG_START_TTL_MS) return this.logStart.offsets;
    const offsets = await fetchPartitionOffsets(this.deps.brokers, [this.spec.topic]);
    const start = Array.from({ length: this.partitions }, (_, p) =>
      BigInt(offsets.find((o) => o.partition === p)?.low ?? '0'),
    );
    this.logStart = { at: Date.now(), offsets: start };
    return start;
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
    if (!last || decoded.length === 0) return;
    // First the commit, then who wants it: a subscription added after the commit has a snapshot that shows it.
    await this.gate!.waitPast(partition, BigInt(last.offset));
    const wanted = new Set(
      this.deps.hub.wanted(
        this.spec.source,
        decoded.map((d) => d.key),
      ),
    );
    if (wanted.size === 0) return;
    const rows = await readSnapshot(this.deps.pool, (client) => this.spec.rows(client, [...wanted]));
    this.deps.hub.deliver(
      this.spec.source,
      decoded
        .filter((d) => wanted.has(d.key))
        .map((d) => ({
          key: d.key,
          partition,
          offset: d.offset,
          change: d.change,
          data: rows.get(d.key) ?? null,
        })),
    );
    this.deps.metrics.commitToPush.observe((Date.now() - read) / 1000);
  }

  /** A rebuild swapped a new version in: positions of the old one mean nothing, so everyone gets a new snapshot. */
  private async onNewEpoch(position: ProjectionPosition): Promise<void> {
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
