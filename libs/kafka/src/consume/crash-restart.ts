import { Consumer, ConsumerRunConfig } from 'kafkajs';
import { createLogger } from '@shopstream/logging';

const logger = createLogger('kafka');

/** The first wait before a consumer kafkajs gave up on is started again; it doubles up to the second. */
const FIRST_DELAY_MS = 1_000;
const LAST_DELAY_MS = 30_000;

/**
 * kafkajs starts a crashed consumer again only when the error was retriable. Any other (a TypeError in a handler, or
 * in kafkajs itself while a broker comes and goes) ends the consumer for good while the process lives on, its
 * partitions unread and nothing said but one log line. This starts it again instead, with a backoff that grows while
 * it keeps crashing without progress: it rejoins its group, and its owner places each partition as after any join.
 */
export class CrashRestart {
  private config: ConsumerRunConfig | null = null;
  private stopped = false;
  private delayMs = FIRST_DELAY_MS;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly consumer: Consumer,
    private readonly groupId: string,
  ) {
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.later(payload.error);
    });
  }

  /** Runs the consumer with `config`, and with it again after each crash kafkajs does not restart. */
  run(config: ConsumerRunConfig): Promise<void> {
    this.config = config;
    return this.consumer.run(config);
  }

  /** A handler got through its work: the next crash waits the first delay again. */
  progressed(): void {
    this.delayMs = FIRST_DELAY_MS;
  }

  /** No restart from now on; call before disconnecting. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private later(error: unknown): void {
    if (this.stopped || this.config === null) return;
    const delayMs = this.delayMs;
    this.delayMs = Math.min(delayMs * 2, LAST_DELAY_MS);
    logger.error(
      { err: error, groupId: this.groupId, delayMs },
      'the consumer stopped on an error kafkajs does not retry; starting it again',
    );
    this.timer = setTimeout(() => void this.again(), delayMs);
  }

  private async again(): Promise<void> {
    this.timer = null;
    if (this.stopped || this.config === null) return;
    try {
      await this.consumer.connect();
      // Joining and what follows report their failures as crashes, which come back to later().
      await this.consumer.run(this.config);
    } catch (error) {
      this.later(error);
    }
  }
}
