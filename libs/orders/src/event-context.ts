/** Ids, clock and causation a decider needs from outside; shared by every context through the events library. */
export { metadataSequence } from '@shopstream/events';
export type { EventContext } from '@shopstream/events';
