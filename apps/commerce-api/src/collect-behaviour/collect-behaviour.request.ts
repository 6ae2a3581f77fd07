import { z } from 'zod';
import {
  amountMinor,
  currencyCode,
  identifier,
  nonNegativeCount,
  quantity,
  text,
} from '../validation/field-rules';

export const MAX_BEHAVIOUR_BATCH = 1_000;
/** Clocks drift; an event stamped further ahead than this is a client bug, not a future fact. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

const occurredAt = z
  .union([z.iso.datetime({ offset: true }), z.number().int().min(0)], {
    error: 'must be an ISO 8601 date-time with a time zone, or epoch milliseconds',
  })
  .transform((value) => (typeof value === 'number' ? value : Date.parse(value)))
  .refine((ms) => ms <= Date.now() + MAX_CLOCK_SKEW_MS, 'must not be in the future');

const common = {
  sessionId: identifier(128),
  customerId: identifier(128).nullish(),
  occurredAt: occurredAt.optional(),
};

/** One behaviour event as a storefront sends it; `type` is the short name of the event. */
export const behaviourEventRequest = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('ProductViewed'), ...common, sku: identifier(64) }),
    z.strictObject({
      type: z.literal('SearchPerformed'),
      ...common,
      query: text(500),
      resultCount: nonNegativeCount,
    }),
    z.strictObject({
      type: z.literal('CartItemAdded'),
      ...common,
      sku: identifier(64),
      quantity,
      unitPriceMinor: amountMinor,
      currency: currencyCode,
    }),
    z.strictObject({ type: z.literal('CartItemRemoved'), ...common, sku: identifier(64), quantity }),
    z.strictObject({
      type: z.literal('CheckoutStarted'),
      ...common,
      itemCount: nonNegativeCount,
      cartTotalMinor: amountMinor,
      currency: currencyCode,
    }),
  ],
  {
    error: (issue) =>
      issue.input === undefined
        ? 'is required'
        : 'must be one of ProductViewed, SearchPerformed, CartItemAdded, CartItemRemoved, CheckoutStarted',
  },
);

export type BehaviourEventRequest = z.output<typeof behaviourEventRequest>;

/** POST /behaviour/events: the envelope only; each event is checked on its own so valid ones are kept. */
export const behaviourBatchRequest = z
  .array(z.unknown(), { error: 'must be a JSON array of behaviour events' })
  .max(MAX_BEHAVIOUR_BATCH, `must hold at most ${MAX_BEHAVIOUR_BATCH} events`);

/** The batch as the OpenAPI document describes it: each item a behaviour event. */
export const collectBehaviourRequestSchema = z.array(behaviourEventRequest).max(MAX_BEHAVIOUR_BATCH);
