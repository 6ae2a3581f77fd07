/** Replay needs a retry topic to send dead letters back through. */
export class NothingToReplayToError extends Error {
  readonly code = 'DLT_NO_RETRY_TOPIC';
  constructor(group: string) {
    super(
      `Group ${group} has no retry topic to replay its dead letters through. Pass --delay with the first of the ` +
        "subscription's retry.topicDelaysMs (1000 unless it sets its own).",
    );
    this.name = 'NothingToReplayToError';
  }
}
