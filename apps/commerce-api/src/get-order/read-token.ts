import { INVENTORY_TOPIC, ORDERS_TOPIC, PAYMENTS_TOPIC, SHIPMENTS_TOPIC } from '@shopstream/events';
import { ValidationFailedError } from '../validation/validation.errors';

/** The topics a command's consistency token can name. */
export const TOKEN_TOPICS = [ORDERS_TOPIC, PAYMENTS_TOPIC, SHIPMENTS_TOPIC, INVENTORY_TOPIC] as const;
export type TokenTopic = (typeof TOKEN_TOPICS)[number];

/** A consistency token as `?after=` carries it: where the client's command put its event. */
export interface ReadToken {
  readonly topic: TokenTopic;
  readonly partition: number;
  readonly offset: bigint;
}

const MAX_PARTITION = 2_147_483_647;
const MAX_OFFSET = 9_223_372_036_854_775_807n;
const FORMAT = /^(?:([a-z.]+):)?(\d{1,10}):(\d{1,19})$/;

const invalid = (message: string) => new ValidationFailedError([{ field: 'after', message }]);

/**
 * Reads `after`: `<topic>:<partition>:<offset>` of any command's consistency token, or `<partition>:<offset>` of an
 * orders token (the form clients used before tokens of other topics were honoured). Partition and offset must fit
 * Kafka's int32 and int64, so no value can reach PostgreSQL out of range.
 */
export function parseReadToken(after: unknown): ReadToken {
  const format = `must be <topic>:<partition>:<offset> from a consistency token, such as ${ORDERS_TOPIC}:3:1207`;
  if (typeof after !== 'string') throw invalid(`${format}, given once`);
  const match = FORMAT.exec(after);
  if (!match) throw invalid(format);
  const topic = match[1] ?? ORDERS_TOPIC;
  if (!(TOKEN_TOPICS as readonly string[]).includes(topic))
    throw invalid(`must name the topic of a command's token: one of ${TOKEN_TOPICS.join(', ')}`);
  const partition = Number(match[2]);
  if (partition > MAX_PARTITION) throw invalid(`partition must be at most ${MAX_PARTITION}`);
  const offset = BigInt(match[3]!);
  if (offset > MAX_OFFSET) throw invalid(`offset must be at most ${MAX_OFFSET}`);
  return { topic: topic as TokenTopic, partition, offset };
}
