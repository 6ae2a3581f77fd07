import { deleteTopics } from '@shopstream/kafka';
import {
  deadLetterTopicName,
  KnownTopic,
  retryTopicName,
  subscribe,
  SubscriberConnection,
} from '@shopstream/subscriber';
import { Cleanup } from '../support/cleanup';
import { Rate, rate, secondsSince } from '../support/stats';

const RETRY_DELAYS_MS = [1_000];

/**
 * B2'': what a downstream team gets from the subscriber SDK over the same event set as B2': subscribe() with a batch
 * handler that only counts, so the figure is the SDK's own cost (decoding, routing, contexts, offsets) next to the
 * bare BatchConsumer + decode of B2'.
 */
export async function subscriberConsume(
  connection: SubscriberConnection,
  topics: readonly { readonly name: string; readonly carries: string }[],
  expected: number,
  group: string,
  cleanup: Cleanup,
): Promise<Rate> {
  cleanup.add(`delete the retry and dead-letter topics of ${group}`, () =>
    deleteTopics(
      connection.brokers,
      topics.flatMap((t) => [
        deadLetterTopicName(t.name),
        ...RETRY_DELAYS_MS.map((d) => retryTopicName(t.name, d)),
      ]),
    ),
  );
  let seen = 0;
  let started: bigint | null = null;
  let resolveDone: (r: Rate) => void = () => undefined;
  const done = new Promise<Rate>((resolve) => (resolveDone = resolve));
  const subscription = await subscribe({
    group,
    topics: topics.map((t) => ({ name: t.name, carries: t.carries as KnownTopic })),
    connection,
    retry: { topicDelaysMs: RETRY_DELAYS_MS },
    maxBytesPerPartition: 4 * 1_048_576,
    handleBatch: async (deliveries) => {
      started ??= process.hrtime.bigint();
      seen += deliveries.length;
      if (seen >= expected) resolveDone(rate(seen, secondsSince(started)));
    },
  });
  try {
    return await done;
  } finally {
    await subscription.stop();
  }
}
