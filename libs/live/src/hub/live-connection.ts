import { Logger } from '@shopstream/logging';
import { LiveConfig } from '../config/live-config';
import { ChannelFeed } from './channel-feed';
import { LiveMetrics } from '../metrics/live-metrics';
import { Channel, CHANNEL_NAMES, parseChannel, sourceOf, ChannelSource } from '../protocol/channel';
import { parseClientFrame } from '../protocol/client-frame';
import { decodePosition } from '../protocol/position';
import { LiveErrorCode, ServerFrame } from '../protocol/server-frame';
import { Delivery } from './delivery';
import { Subscription } from './subscription';
import { SubscriptionHub } from './subscription-hub';

/** What a connection needs of its WebSocket; `ws` provides it, and tests can too. */
export interface LiveSocket {
  send(text: string): void;
  /** Bytes queued in the socket and not yet written to the network. */
  readonly bufferedAmount: number;
  ping(): void;
  close(code: number, reason: string): void;
  terminate(): void;
  /**
   * Holds writes until `uncork`, so the frames of one push go to the network in one write: a client that gets a
   * batch's five changes of its sku costs one system call, not five. Optional: without it each frame is written.
   */
  cork?(): void;
  uncork?(): void;
}

export interface ConnectionDeps {
  /** Why this connection may not follow a channel, or null when it may; absent, every channel is allowed. */
  readonly refusalOf?: (channel: Channel) => Promise<string | null>;
  readonly hub: SubscriptionHub;
  readonly feeds: ReadonlyMap<ChannelSource, ChannelFeed>;
  readonly config: LiveConfig;
  readonly metrics: LiveMetrics;
  readonly logger: Logger;
}

/** Close code for a client cut off for reading too slowly (4000–4999 is the application's range). */
export const SLOW_CONSUMER_CLOSE = 4008;
/** Close code for a client that answered no ping in time. */
export const DEAD_CONNECTION_CLOSE = 4009;

/**
 * One client: reads its frames, holds its subscriptions, and sends what they push within a budget. A stock frame
 * that finds the budget spent waits, replaced by any later frame of the same sku (stock is a level: the latest
 * value is all a board needs); any other frame past the budget cuts the connection, with a resume position for
 * every channel, because dropping an order's status change would lose it.
 */
export class LiveConnection {
  private readonly subscriptions = new Map<string, Subscription>();
  /** Per channel, the position of the last frame handed to the socket: where a cut-off client resumes. */
  private readonly sent = new Map<string, string>();
  /** Stock frames held back while the client is slow, latest per channel and sku, in first-held order. */
  private readonly held = new Map<string, string>();
  private lastSeen = Date.now();
  private pingedAt: number | null = null;
  private closed = false;
  private corked = false;
  private inbox: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: LiveSocket,
    private readonly deps: ConnectionDeps,
  ) {
    deps.metrics.connections.inc();
  }

  onMessage(data: Buffer | string, isBinary: boolean): void {
    this.lastSeen = Date.now();
    this.pingedAt = null;
    // Frames are handled one after another, in the order they came: a subscribe waits for its access check, and an
    // unsubscribe or a further subscribe sent after it must see its outcome (the subscription limit, duplicates).
    this.inbox = this.inbox
      .then(() => this.handle(data, isBinary))
      .catch((error: unknown) => {
        this.deps.logger.warn({ err: error }, 'a client frame could not be handled');
        this.error('unavailable', 'that frame could not be handled; send it again');
      });
  }

  private handle(data: Buffer | string, isBinary: boolean): Promise<void> | void {
    if (this.closed) return;
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    if (size > this.deps.config.maxFrameBytes)
      return this.error('frame-too-large', `frames are at most ${this.deps.config.maxFrameBytes} bytes`);
    if (isBinary) return this.error('invalid-frame', 'send JSON in text frames, not binary frames');
    const parsed = parseClientFrame(data.toString());
    if (!parsed.ok) return this.error('invalid-frame', parsed.message);
    const frame = parsed.frame;
    switch (frame.op) {
      case 'ping':
        return this.write({ type: 'pong' });
      case 'unsubscribe':
        return this.unsubscribe(frame.channel);
      case 'subscribe':
        return this.subscribe(frame.channel, frame.since);
    }
  }

  /** Any pong or frame proves the client alive. */
  onPong(): void {
    this.lastSeen = Date.now();
    this.pingedAt = null;
  }

  /** Called periodically: pings a quiet client, drops one that did not answer, sends what the budget now allows. */
  tick(now: number): void {
    if (this.closed) return;
    if (this.pingedAt !== null && now - this.pingedAt > this.deps.config.pongTimeoutMs) {
      this.deps.metrics.deadConnections.inc();
      this.deps.logger.info({ silentMs: now - this.lastSeen }, 'dropping a connection that answered no ping');
      this.closed = true;
      this.socket.terminate();
      return;
    }
    if (this.pingedAt === null && now - this.lastSeen >= this.deps.config.heartbeatMs) {
      this.pingedAt = now;
      this.socket.ping();
      this.write({ type: 'heartbeat' });
    }
    this.releaseHeld();
  }

  onClose(): void {
    if (this.closed && this.subscriptions.size === 0) return;
    this.closed = true;
    for (const subscription of this.subscriptions.values()) this.deps.hub.remove(subscription);
    this.deps.metrics.subscriptions.dec(this.subscriptions.size);
    this.subscriptions.clear();
    this.held.clear();
    this.deps.metrics.connections.dec();
  }

  private subscribe(name: string, sinceToken: string | undefined): Promise<void> | void {
    const channel = parseChannel(name);
    if (!channel)
      return this.error(
        'unknown-channel',
        `no channel ${JSON.stringify(name)}; channels are ${CHANNEL_NAMES.join(', ')}`,
        name,
      );
    if (this.subscriptions.has(name))
      return this.error('already-subscribed', `already subscribed to ${name}`, name);
    if (this.subscriptions.size >= this.deps.config.maxSubscriptions)
      return this.error(
        'too-many-subscriptions',
        `at most ${this.deps.config.maxSubscriptions} subscriptions per connection; unsubscribe from one first`,
        name,
      );
    const since = sinceToken === undefined ? null : decodePosition(sinceToken);
    if (sinceToken !== undefined && since === null)
      return this.error(
        'invalid-position',
        'since is not a position this gateway sent; subscribe without since for a snapshot',
        name,
      );
    if (!this.deps.refusalOf) return this.open(name, channel, since);
    return this.deps.refusalOf(channel).then(
      (refusal) => {
        if (this.closed) return;
        if (refusal !== null) return this.error('forbidden', refusal, name);
        // Another subscribe of the same channel may have been admitted while this one was checked.
        if (this.subscriptions.has(name))
          return this.error('already-subscribed', `already subscribed to ${name}`, name);
        this.open(name, channel, since);
      },
      (error: unknown) => {
        this.deps.logger.warn({ err: error, channel: name }, 'access check failed');
        this.error('unavailable', `${name}: could not check access; subscribe again`, name);
      },
    );
  }

  private open(name: string, channel: Channel, since: ReturnType<typeof decodePosition>): void {
    const feed = this.deps.feeds.get(sourceOf(channel));
    if (!feed) return this.error('unavailable', `${name} is not served by this gateway`, name);
    const stock = sourceOf(channel) === 'stock';
    const subscription = new Subscription(channel, (frame, delivery, text) =>
      this.push(frame, delivery, text ?? JSON.stringify(frame), stock),
    );
    this.subscriptions.set(name, subscription);
    this.deps.metrics.subscriptions.inc();
    // Registered before the snapshot is read: what commits meanwhile waits in the subscription, none is missed.
    this.deps.hub.add(subscription);
    feed.open(channel, since).then(
      (start) => {
        if (start.kind === 'snapshot') {
          if (since) this.deps.metrics.resumes.inc({ outcome: start.fresh ?? 'snapshot' });
          subscription.startWithSnapshot(start.data, start.position, start.fresh);
        } else {
          this.deps.metrics.resumes.inc({ outcome: 'resumed' });
          subscription.startResumed(start.since, start.missed, start.position);
        }
      },
      (error: unknown) => {
        this.deps.logger.warn({ err: error, channel: name }, 'subscribe failed');
        this.drop(name);
        this.error('unavailable', `${name}: ${error instanceof Error ? error.message : String(error)}`, name);
      },
    );
  }

  private unsubscribe(name: string): void {
    if (!this.subscriptions.has(name)) return this.error('not-subscribed', `not subscribed to ${name}`, name);
    this.drop(name);
    this.write({ type: 'unsubscribed', channel: name });
  }

  private drop(name: string): void {
    const subscription = this.subscriptions.get(name);
    if (!subscription) return;
    this.deps.hub.remove(subscription);
    this.subscriptions.delete(name);
    this.sent.delete(name);
    for (const key of [...this.held.keys()]) if (key.startsWith(`${name}\u0000`)) this.held.delete(key);
    this.deps.metrics.subscriptions.dec();
  }

  private push(frame: ServerFrame, delivery: Delivery | null, text: string, stock: boolean): void {
    if (this.closed) return;
    const channel = 'channel' in frame ? frame.channel : undefined;
    const position =
      frame.type === 'resumed' ? frame.since : 'position' in frame ? frame.position : undefined;
    const overBudget = this.socket.bufferedAmount > this.deps.config.sendBudgetBytes;
    if (frame.type === 'delta' && stock && delivery && (overBudget || this.held.size > 0)) {
      const key = `${channel}\u0000${delivery.key}`;
      if (this.held.delete(key)) this.deps.metrics.coalesced.inc();
      this.held.set(key, text);
      return;
    }
    if (overBudget) return this.cutOff();
    this.holdWrites();
    this.socket.send(text);
    this.deps.metrics.frameCounter(frame.type).inc();
    if (channel !== undefined && position !== undefined) this.sent.set(channel, position);
  }

  /** Lets every frame sent in this turn of the event loop (one push of the feed) go out in one write. */
  private holdWrites(): void {
    if (this.corked || !this.socket.cork) return;
    this.corked = true;
    this.socket.cork();
    process.nextTick(() => {
      this.corked = false;
      this.socket.uncork?.();
    });
  }

  /** Sends held stock frames once the socket drained below half its budget. */
  private releaseHeld(): void {
    if (this.held.size === 0 || this.socket.bufferedAmount > this.deps.config.sendBudgetBytes / 2) return;
    const held = [...this.held.values()];
    this.held.clear();
    for (const text of held) {
      this.socket.send(text);
      this.deps.metrics.frames.inc({ type: 'delta' });
      const frame = JSON.parse(text) as { channel: string; position: string };
      this.sent.set(frame.channel, frame.position);
    }
  }

  private cutOff(): void {
    this.deps.metrics.dropped.inc();
    const resume = Object.fromEntries(this.sent);
    this.deps.logger.info(
      { channels: this.subscriptions.size },
      'cutting off a slow client with resume positions',
    );
    this.socket.send(
      JSON.stringify({
        type: 'error',
        code: 'slow-consumer',
        message: 'you fell behind the send budget; reconnect and subscribe with since from resume',
        resume,
      } satisfies ServerFrame),
    );
    this.deps.metrics.errors.inc({ code: 'slow-consumer' });
    this.onClose();
    this.socket.close(SLOW_CONSUMER_CLOSE, 'slow consumer');
  }

  private error(code: LiveErrorCode, message: string, channel?: string): void {
    this.deps.metrics.errors.inc({ code });
    this.write({ type: 'error', code, message, ...(channel === undefined ? {} : { channel }) });
  }

  private write(frame: ServerFrame): void {
    if (this.closed) return;
    this.socket.send(JSON.stringify(frame));
    this.deps.metrics.frames.inc({ type: frame.type });
  }
}
