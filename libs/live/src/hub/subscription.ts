import { Channel } from '../protocol/channel';
import { advance, encodePosition, offsetOf, Position } from '../protocol/position';
import { FreshReason, ServerFrame } from '../protocol/server-frame';
import { deltaData, Delivery } from './delivery';

/**
 * One channel of one connection. Until it has a starting position (its snapshot, or the end of a resume) the
 * deliveries it is offered wait in a buffer; from then on it passes on exactly the deliveries past its position,
 * so a delivery the snapshot already reflects is never sent and one after it is never missed.
 */
export class Subscription {
  private position: Position | null = null;
  private buffer: Delivery[] = [];
  private closed = false;
  private readonly nameJson: string;

  /** `send` gets each frame, the delivery a delta carries, and for deltas the frame's text already made. */
  constructor(
    readonly channel: Channel,
    private readonly send: (frame: ServerFrame, delivery: Delivery | null, text?: string) => void,
  ) {
    this.nameJson = JSON.stringify(channel.name);
  }

  get started(): boolean {
    return this.position !== null;
  }

  /** The position a client resumes from: where this subscription stands now. */
  resumeToken(): string | null {
    return this.position && encodePosition(this.position);
  }

  /** Sends the snapshot, then whatever arrived while it was read and is past it. */
  startWithSnapshot(data: unknown, position: Position, fresh?: FreshReason): void {
    if (this.closed) return;
    this.position = position;
    this.send(
      {
        type: 'snapshot',
        channel: this.channel.name,
        data,
        position: encodePosition(position),
        ...(fresh ? { fresh } : {}),
      },
      null,
    );
    this.flush();
  }

  /** Sends the deliveries a resuming client missed (read from the log), then carries on live from `position`. */
  startResumed(since: Position, missed: readonly Delivery[], position: Position): void {
    if (this.closed) return;
    this.send({ type: 'resumed', channel: this.channel.name, since: encodePosition(since) }, null);
    this.position = since;
    for (const delivery of missed) this.offer(delivery);
    // Anything of the range the log read did not name (another key's events) is behind the client too.
    this.position = {
      epoch: position.epoch,
      offsets: position.offsets.map((o, p) =>
        o > offsetOf(this.position!, p) ? o : offsetOf(this.position!, p),
      ),
    };
    this.flush();
  }

  offer(delivery: Delivery): void {
    if (this.closed) return;
    if (this.position === null) {
      this.buffer.push(delivery);
      return;
    }
    if (delivery.offset < offsetOf(this.position, delivery.partition)) return;
    this.position = advance(this.position, delivery.partition, delivery.offset + 1n);
    const { data, json } = deltaData(delivery);
    const position = encodePosition(this.position);
    // Positions are letters, digits, '-', ':' and ',': nothing in them needs escaping inside a JSON string.
    this.send(
      { type: 'delta', channel: this.channel.name, data, position },
      delivery,
      `{"type":"delta","channel":${this.nameJson},"data":${json},"position":"${position}"}`,
    );
  }

  close(): void {
    this.closed = true;
    this.buffer = [];
  }

  private flush(): void {
    const buffered = this.buffer;
    this.buffer = [];
    for (const delivery of buffered) this.offer(delivery);
  }
}
