import { createEventCodec } from '@shopstream/events';
import { eventKey } from '@shopstream/events';
import type { ShopstreamEvent } from '@shopstream/events';
import { EventProducer } from '@shopstream/kafka';
import { connectionFromEnvironment, SubscriberConnection } from '../config/subscriber-connection';

/**
 * Publishes events to a topic of a real broker, encoded as the platform encodes them (registry schema ids, Avro)
 * and keyed as the platform keys them: for tests that run a subscription end to end on a topic of their own.
 */
export async function publishEvents(
  topic: string,
  events: readonly ShopstreamEvent[],
  options: {
    readonly connection?: SubscriberConnection;
    readonly headers?: Readonly<Record<string, string>>;
  } = {},
): Promise<void> {
  const connection = options.connection ?? connectionFromEnvironment();
  const codec = createEventCodec(connection.registryUrl);
  const producer = new EventProducer({
    brokers: connection.brokers,
    clientId: 'subscriber-test-publisher',
    credentials: connection.credentials,
  });
  await producer.connect();
  try {
    const records = [];
    for (const event of events)
      records.push({
        topic,
        key: eventKey(event),
        value: await codec.encode(event),
        ...(options.headers ? { headers: options.headers } : {}),
      });
    await producer.send(records);
  } finally {
    await producer.disconnect();
  }
}
