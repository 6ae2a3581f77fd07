import { Channel } from '../protocol/channel';
import { Position } from '../protocol/position';
import { FreshReason } from '../protocol/server-frame';
import { Delivery } from './delivery';

/** How a subscription starts: a snapshot at the position it reflects, or the changes missed since a position. */
export type Start =
  | {
      readonly kind: 'snapshot';
      readonly data: unknown;
      readonly position: Position;
      readonly fresh?: FreshReason;
    }
  | {
      readonly kind: 'resumed';
      readonly since: Position;
      readonly missed: readonly Delivery[];
      readonly position: Position;
    };

/** What a connection needs from the feed of a channel's source: where a new subscription starts. */
export interface ChannelFeed {
  open(channel: Channel, since: Position | null): Promise<Start>;
}
