/** Stable codes of error frames; docs/live.md says what a client does about each. */
export type LiveErrorCode =
  | 'invalid-frame'
  | 'frame-too-large'
  | 'unknown-channel'
  | 'too-many-subscriptions'
  | 'already-subscribed'
  | 'not-subscribed'
  | 'invalid-position'
  | 'unavailable'
  | 'slow-consumer'
  | 'forbidden';

/** Why a snapshot was sent where the client asked to resume. */
export type FreshReason = 'new-epoch' | 'log-truncated';

export type ServerFrame =
  | {
      readonly type: 'snapshot';
      readonly channel: string;
      readonly data: unknown;
      readonly position: string;
      /** Present when the client sent `since` and could not be resumed from it. */
      readonly fresh?: FreshReason;
    }
  | { readonly type: 'resumed'; readonly channel: string; readonly since: string }
  | { readonly type: 'delta'; readonly channel: string; readonly data: unknown; readonly position: string }
  | { readonly type: 'unsubscribed'; readonly channel: string }
  | { readonly type: 'heartbeat' }
  | { readonly type: 'pong' }
  | {
      readonly type: 'error';
      readonly code: LiveErrorCode;
      readonly message: string;
      readonly channel?: string;
      /** For slow-consumer: per channel, the position to resume from after reconnecting. */
      readonly resume?: Readonly<Record<string, string>>;
    };
