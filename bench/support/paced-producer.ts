import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import { EventProducer, OutgoingRecord, RecordPosition } from '@shopstream/kafka';
import { keyOf } from '@shopstream/simulation';
import { benchTopic, generateHistory } from './event-set';
import { sleep } from './wait-for';

const TICK_MS = 20;
/**
 * Most records one send carries. A producer that fell behind (its host busy, a slow acknowledgement) catches up in
 * several sends: one send of everything due could put more into one partition than the broker accepts in a batch.
 */
const MAX_PER_SEND = 2_000;

/**
 * About `count` new events of the order-flow mix for the run's topics, encoded. `tag` and `seed` keep their ids
 * apart from every other history of the run: a repeated id would be dropped as a duplicate, not applied.
 */
export async function freshRecords(
  codec: EventCodec<ShopstreamEvent>,
  ns: string,
  tag: string,
  seed: number,
  count: number,
): Promise<OutgoingRecord[]> {
  const history = generateHistory(Math.ceil(count / 15) + 10, `${ns}${tag}`, seed).slice(0, count);
  // Encoding is part of the produce path but not of what is measured with these: done before any clock starts.
  return Promise.all(
    history.map(async (event) => ({
      topic: benchTopic(codec.topicOf(event), ns),
      key: keyOf(event),
      value: await codec.encode(event),
    })),
  );
}

/** Records to produce, in order; an array is one, and so is a source that makes each chunk when it is due. */
export interface RecordSource {
  readonly length: number;
  slice(start: number, end: number): readonly OutgoingRecord[];
}

/**
 * Produces `records` at `perSecond`: every 20 ms, what is due by then, in one send (several when far behind).
 * `onSent` sees each send's records, their positions and when the send began.
 */
export async function producePaced(
  producer: EventProducer,
  records: RecordSource,
  perSecond: number,
  onSent: (
    chunk: readonly OutgoingRecord[],
    positions: readonly RecordPosition[],
    sentAt: number,
    index: number,
  ) => void,
): Promise<{ sent: number; seconds: number }> {
  const started = Date.now();
  let sent = 0;
  while (sent < records.length) {
    const due = Math.min(records.length, Math.floor(((Date.now() - started) / 1000) * perSecond));
    if (due > sent) {
      const chunk = records.slice(sent, Math.min(due, sent + MAX_PER_SEND));
      const sentAt = Date.now();
      onSent(chunk, await producer.send(chunk), sentAt, sent);
      sent += chunk.length;
      if (sent < due) continue;
    }
    await sleep(TICK_MS);
  }
  return { sent, seconds: (Date.now() - started) / 1000 };
}
