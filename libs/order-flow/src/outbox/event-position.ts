/** Where the broker put an event: the consistency token a client can wait on in a read model. */
export interface EventPosition {
  readonly eventId: string;
  readonly type: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}
