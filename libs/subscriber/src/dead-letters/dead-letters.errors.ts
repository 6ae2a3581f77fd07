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

/** A settling record did not land in its dead letter's partition, so it would not be read with it. */
export class SettledElsewhereError extends Error {
  readonly code = 'DLT_SETTLED_ELSEWHERE';
  constructor(group: string, count: number) {
    super(
      `${count} settling record(s) of group ${group} went to another partition than their dead letter, so those ` +
        'letters still show as pending. The dead-letter topic was probably repartitioned: replay or discard all ' +
        'pending letters of the group instead of one.',
    );
    this.name = 'SettledElsewhereError';
  }
}
