import {
  CORRELATION_ID_HEADER,
  createOrderFlowCommands,
  OrderFlowCommandsHandle,
} from '@shopstream/order-flow';
import { adminKafka } from '../support/kafka-as';
import { platformConfig } from '../support/platform';
import { uniqueName, waitFor } from '../support/wait-for';

const config = platformConfig();

/** The headers of the record at one position of the log. */
async function headersAt(position: { topic: string; partition: number; offset: string }) {
  const kafka = adminKafka(config);
  const groupId = uniqueName('correlation-reader');
  const consumer = kafka.consumer({ groupId });
  let found: Record<string, string> | null = null;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: position.topic });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        if (partition !== position.partition || message.offset !== position.offset) return;
        found = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
        );
      },
    });
    consumer.seek({ topic: position.topic, partition: position.partition, offset: position.offset });
    await waitFor(() => found !== null, { timeoutMs: 20_000, what: `the record at ${position.offset}` });
    return found!;
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]);
    await admin.disconnect();
  }
}

describe('correlation id in Kafka headers', () => {
  let handle: OrderFlowCommandsHandle;

  beforeAll(async () => {
    handle = await createOrderFlowCommands(config);
  });

  afterAll(async () => {
    await handle.close();
  });

  it('publishes a command event with the correlation id of its request as the correlation-id header', async () => {
    const correlationId = uniqueName('corr');
    const outcome = await handle.commands.receiveStock(
      uniqueName('sku'),
      { quantity: 3 },
      { idempotencyKey: null, requestHash: 'h', correlationId },
    );
    const [position] = outcome.events;
    expect(position).toBeDefined();
    expect(await headersAt(position!)).toEqual({ [CORRELATION_ID_HEADER]: correlationId });
  });
});
