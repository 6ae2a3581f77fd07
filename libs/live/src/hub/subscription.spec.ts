import { parseChannel } from '../protocol/channel';
import { ServerFrame } from '../protocol/server-frame';
import { Delivery } from './delivery';
import { Subscription } from './subscription';

const delivery = (partition: number, offset: bigint, onHand: number): Delivery => ({
  key: 'A',
  partition,
  offset,
  change: { kind: 'received', quantity: 1 },
  data: { sku: 'A', onHand },
});

function subscribed() {
  const frames: ServerFrame[] = [];
  const subscription = new Subscription(parseChannel('stock:A')!, (frame) => frames.push(frame));
  return { frames, subscription };
}

describe('Subscription', () => {
  it('holds what commits while its snapshot is read, and sends only what the snapshot does not show', () => {
    const { frames, subscription } = subscribed();
    subscription.offer(delivery(1, 4n, 1));
    subscription.offer(delivery(1, 5n, 2));
    subscription.offer(delivery(1, 6n, 3));
    expect(frames).toEqual([]);
    subscription.startWithSnapshot({ onHand: 2 }, { epoch: 'e', offsets: [0n, 6n] });
    subscription.offer(delivery(1, 6n, 3));
    subscription.offer(delivery(1, 7n, 4));
    expect(frames.map((f) => [f.type, 'position' in f ? f.position : null])).toEqual([
      ['snapshot', 'e:0,6'],
      ['delta', 'e:0,7'],
      ['delta', 'e:0,8'],
    ]);
  });

  it('after a resume sends the missed changes, then live ones past the resume point only', () => {
    const { frames, subscription } = subscribed();
    subscription.offer(delivery(1, 9n, 5));
    subscription.startResumed({ epoch: 'e', offsets: [0n, 7n] }, [delivery(1, 7n, 5), delivery(1, 8n, 5)], {
      epoch: 'e',
      offsets: [3n, 9n],
    });
    subscription.offer(delivery(1, 8n, 5));
    expect(frames.map((f) => [f.type, 'position' in f ? f.position : 'since' in f ? f.since : null])).toEqual(
      [
        ['resumed', 'e:0,7'],
        ['delta', 'e:0,8'],
        ['delta', 'e:0,9'],
        ['delta', 'e:3,10'],
      ],
    );
  });

  it('sends nothing once closed', () => {
    const { frames, subscription } = subscribed();
    subscription.close();
    subscription.startWithSnapshot({}, { epoch: 'e', offsets: [0n] });
    subscription.offer(delivery(0, 1n, 1));
    expect(frames).toEqual([]);
  });
});
