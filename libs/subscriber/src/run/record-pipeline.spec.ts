import type { EventCodec, ShopstreamEvent } from '@shopstream/events';
import type { ConsumerBatchControl, IncomingRecord } from '@shopstream/kafka';
import { createLogger } from '@shopstream/logging';
import { SubscriberMetrics } from '../metrics/subscriber-metrics';
import { RETRY_HEADERS } from '../retry/retry-headers';
import type { Forwarder } from './forwarder';
import { RecordPipeline } from './record-pipeline';

const paid = (amountMinor: number) =>
  ({ type: 'shopstream.orders.OrderPaid', orderId: 'o-1', amountMinor }) as unknown as ShopstreamEvent;

/** A record of the first retry stage, forwarded by `group`, due at `dueAt`; its value names its amount. */
const retried = (offset: string, group: string, dueAt: number): IncomingRecord => ({
  topic: 'orders-retry-1000',
  partition: 0,
  offset,
  key: 'o-1',
  value: Buffer.from(offset),
  timestamp: Date.now(),
  headers: {
    [RETRY_HEADERS.originalTopic]: 'orders',
    [RETRY_HEADERS.originalPartition]: '0',
    [RETRY_HEADERS.originalOffset]: offset,
    [RETRY_HEADERS.originalGroup]: group,
    [RETRY_HEADERS.attempts]: '1',
    [RETRY_HEADERS.dueAt]: String(dueAt),
  },
});

describe('RecordPipeline on a shared retry topic', () => {
  it("passes another group's record by without waiting until it is due", async () => {
    // given a retry batch whose first record is another group's, due in an hour, and then one of ours, due now
    const handled: number[] = [];
    const codec = { decode: async (bytes: Buffer) => paid(Number(bytes.toString())) };
    const pipeline = new RecordPipeline(
      {
        group: 'mine',
        handling: {
          mode: 'each',
          handlers: {
            OrderPaid: async (event: ShopstreamEvent) => {
              if (event.type === 'shopstream.orders.OrderPaid') handled.push(event.amountMinor);
            },
          },
        },
        backoff: { attempts: 1, initialDelayMs: 1, maxDelayMs: 1, multiplier: 1 },
        delaysMs: [1_000],
        isPermanent: () => false,
        unhandled: 'skip',
      } as never,
      codec as unknown as EventCodec<ShopstreamEvent>,
      {} as Forwarder,
      null,
      new SubscriberMetrics(),
      createLogger('test'),
    );
    const resolved: string[] = [];
    const control: ConsumerBatchControl = {
      seek: () => undefined,
      heartbeat: async () => undefined,
      isActive: () => true,
      resolveOffset: (offset) => void resolved.push(offset),
    };

    // when the stage's consumer hands it the batch
    await pipeline.handleBatch(
      0,
      {
        topic: 'orders-retry-1000',
        partition: 0,
        highWatermark: '9',
        records: [retried('7', 'theirs', Date.now() + 3_600_000), retried('8', 'mine', Date.now())],
      },
      control,
    );

    // then ours runs at once and both offsets are done
    expect(handled).toEqual([8]);
    expect(resolved).toEqual(['7', '8']);
  });
});
