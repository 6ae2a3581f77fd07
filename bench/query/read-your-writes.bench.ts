import { randomUUID } from 'node:crypto';
import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import { EventProducer } from '@shopstream/kafka';
import { freshRecords, producePaced } from '../support/paced-producer';
import { percentiles } from '../support/stats';
import { sleep } from '../support/wait-for';
import { getQuery } from './query-requests';

export interface ReadYourWritesFigure {
  readonly samples: number;
  /** From a write's acknowledgement to the answer that reflects it (the read itself included). */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** The same read without a position right after: what the read costs without any wait. */
  readonly plainP50Ms: number;
  readonly plainP99Ms: number;
  /** Answers that did not reflect the write (behind, refused): never counted as samples. */
  readonly notReflected: number;
  /** Events/s of the other writes offered meanwhile, and what the producer achieved. */
  readonly loadPerSecond: number;
  readonly achievedLoadPerSecond: number;
}

/**
 * Read-your-writes under load: while the order-flow mix is produced at `loadPerSecond` into the run's topics (the
 * projector busy as in L), one write after another is acknowledged and then read with its position; each read
 * waits until the read model reflects that write. A read without a position follows each one, for reference.
 */
export async function measureReadYourWrites(options: {
  readonly producer: EventProducer;
  readonly codec: EventCodec<ShopstreamEvent>;
  readonly ns: string;
  readonly url: string;
  readonly sku: string;
  readonly loadPerSecond: number;
  readonly seconds: number;
  /** Produces events into the run's topics; the position token of where they landed. */
  readonly send: (events: readonly ShopstreamEvent[]) => Promise<string>;
}): Promise<ReadYourWritesFigure> {
  const { loadPerSecond, sku } = options;
  const load = await freshRecords(
    options.codec,
    options.ns,
    'ryw',
    4_711,
    Math.ceil(loadPerSecond * options.seconds),
  );
  let loading = true;
  const background = producePaced(options.producer, load, loadPerSecond, () => undefined).finally(
    () => (loading = false),
  );
  const waits: number[] = [];
  const plain: number[] = [];
  let notReflected = 0;
  // The first second of load fills the pipeline; samples start once it runs at its rate.
  await sleep(1_000);
  for (let i = 0; loading && i < 2_000; i++) {
    const position = await options.send([stockReceived(options.ns, sku, i)]);
    const started = process.hrtime.bigint();
    const answer = await getQuery(`${options.url}/inventory/${sku}`, { 'X-Min-Position': position });
    await answer.arrayBuffer();
    if (answer.status === 200) waits.push(Number(process.hrtime.bigint() - started) / 1e6);
    else notReflected++;
    const plainStarted = process.hrtime.bigint();
    await (await getQuery(`${options.url}/inventory/${sku}`)).arrayBuffer();
    plain.push(Number(process.hrtime.bigint() - plainStarted) / 1e6);
  }
  const produced = await background;
  const withWait = percentiles(waits);
  const without = percentiles(plain);
  return {
    samples: waits.length,
    p50Ms: withWait.p50,
    p99Ms: withWait.p99,
    plainP50Ms: without.p50,
    plainP99Ms: without.p99,
    notReflected,
    loadPerSecond,
    achievedLoadPerSecond: produced.sent / produced.seconds,
  };
}

function stockReceived(ns: string, sku: string, i: number): ShopstreamEvent {
  return {
    type: 'shopstream.inventory.StockReceived',
    metadata: {
      eventId: randomUUID(),
      occurredAt: Date.now(),
      aggregateId: sku,
      aggregateVersion: 1_000_000 + i,
      correlationId: `${ns}-ryw`,
      causationId: null,
      producer: 'bench',
    },
    sku,
    quantity: 1,
  };
}
