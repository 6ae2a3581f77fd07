import { Change } from '../change/describe-change';

/** One committed event, ready to push to every subscription of its key: what changed and the state after it. */
export interface Delivery {
  readonly key: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly change: Change;
  /** The committed state of the key once the read model applied this event (or a later one of the same batch). */
  readonly data: object | null;
}

const deltas = new WeakMap<Delivery, { readonly data: object; readonly json: string }>();

/**
 * A delivery's delta data (the key's state plus what changed), and its JSON: made once per delivery however many
 * subscriptions push it, so fanning out to thousands of clients costs one serialisation, not one per client.
 */
export function deltaData(delivery: Delivery): { readonly data: object; readonly json: string } {
  let made = deltas.get(delivery);
  if (!made) {
    const data = { ...(delivery.data ?? {}), change: delivery.change };
    deltas.set(delivery, (made = { data, json: JSON.stringify(data) }));
  }
  return made;
}
