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
