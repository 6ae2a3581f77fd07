import { INVENTORY_TOPIC, ORDERS_TOPIC, PAYMENTS_TOPIC, SHIPMENTS_TOPIC } from '@shopstream/events';
import { decodeConsistencyToken, InvalidConsistencyTokenError } from '@shopstream/queries';
import { ValidationFailedError } from '@shopstream/http';

/** The topics a command's consistency token can name. */
export const TOKEN_TOPICS = [ORDERS_TOPIC, PAYMENTS_TOPIC, SHIPMENTS_TOPIC, INVENTORY_TOPIC] as const;
export type TokenTopic = (typeof TOKEN_TOPICS)[number];

/** One event of a command's consistency token: where the client's command put it. */
export interface ReadToken {
  readonly topic: TokenTopic;
  readonly partition: number;
  readonly offset: bigint;
}

const invalid = (message: string) => new ValidationFailedError([{ field: 'after', message }]);

/**
 * Reads `after`: a command's consistency token (`consistencyToken.position`, every event it produced), or the older
 * `<topic>:<partition>:<offset>` and `<partition>:<offset>` (orders) forms. Partition and offset must fit Kafka's
 * int32 and int64, so no value can reach PostgreSQL out of range.
 */
export function parseReadTokens(after: unknown): readonly ReadToken[] {
  if (typeof after !== 'string')
    throw invalid(`must be the consistencyToken.position of a command's answer, given once`);
  let positions;
  try {
    positions = decodeConsistencyToken(after, ORDERS_TOPIC);
  } catch (error) {
    if (error instanceof InvalidConsistencyTokenError) throw invalid(error.message);
    throw error;
  }
  for (const p of positions)
    if (!(TOKEN_TOPICS as readonly string[]).includes(p.topic))
      throw invalid(`must name the topic of a command's token: one of ${TOKEN_TOPICS.join(', ')}`);
  return positions as readonly ReadToken[];
}
