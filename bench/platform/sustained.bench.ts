import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import { EventProducer } from '@shopstream/kafka';
import { freshRecords, producePaced } from '../support/paced-producer';
import { sleep } from '../support/wait-for';
import { ReadModelProgress } from '../support/read-model-progress';

export interface SustainedResult {
  /** What the producer was asked for: P's catch-up rate. */
  readonly offeredPerSecond: number;
  /** Events per second the read models applied over the measured window, producer running beside them. */
  readonly appliedPerSecond: number;
  /** The lower of what was produced and what was applied: the load the platform keeps up with. */
  readonly sustainedPerSecond: number;
  readonly seconds: number;
}

/**
 * The maximum sustained load, which L takes half of: new events produced at P's rate while every read model runs
 * at the head, so producer, broker and projections share the machine as they do in production; after a warm-up,
 * the events per second the read models keep applying. P alone (catching up, nothing produced meanwhile) overstates it.
 */
export async function measureSustained(options: {
  producer: EventProducer;
  codec: EventCodec<ShopstreamEvent>;
  ns: string;
  set: Pick<ReadModelProgress, 'applied'>;
  offeredPerSecond: number;
  seconds: number;
  warmupSeconds: number;
  /** Read-model records per event of the mix: the set's checkpoints count records, not events. */
  recordsPerEvent: number;
  onProduced: (topic: string) => void;
}): Promise<SustainedResult> {
  const { producer, codec, ns, set, offeredPerSecond, seconds, warmupSeconds } = options;
  const records = await freshRecords(
    codec,
    ns,
    's',
    91,
    Math.ceil(offeredPerSecond * (warmupSeconds + seconds)),
  );
  const window = (async () => {
    await sleep(warmupSeconds * 1000);
    const from = { at: Date.now(), applied: await set.applied() };
    await sleep(seconds * 1000);
    const to = { at: Date.now(), applied: await set.applied() };
    return (to.applied - from.applied) / options.recordsPerEvent / ((to.at - from.at) / 1000);
  })();
  const produced = await producePaced(producer, records, offeredPerSecond, (chunk) => {
    for (const record of chunk) options.onProduced(record.topic);
  });
  const appliedPerSecond = await window;
  return {
    offeredPerSecond,
    appliedPerSecond,
    sustainedPerSecond: Math.min(produced.sent / produced.seconds, appliedPerSecond),
    seconds,
  };
}
