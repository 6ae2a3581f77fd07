import { v7 } from 'uuid';

/**
 * A new event id: a version-7 UUID (RFC 9562), whose leading bits are the time it was made. Ids that rise with time
 * land at the right edge of every index keyed by them (each read model's event-id ledger, the tables keyed by event
 * id), where a random UUID dirties a random leaf page per insert and, after each checkpoint, writes it whole to the
 * WAL again.
 */
export const newEventId = (): string => v7();
