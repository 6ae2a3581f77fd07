import { z } from 'zod';

/** Response bodies, for the OpenAPI document only: controllers' return types are the source, these describe them. */

export const consistencyTokenSchema = z
  .object({
    position: z
      .string()
      .describe(
        'Every event the command produced, as one opaque URL-safe token: send it as X-Min-Position (or ?after=) ' +
          'to the query API to read your own write.',
      ),
    topic: z.string(),
    partition: z.number().int(),
    offset: z.string(),
  })
  .nullable()
  .describe(
    "Where the command's events are in Kafka: wait for a read model to pass them to read your own write.",
  );

export const placeOrderResponse = z.object({
  orderId: z.string(),
  status: z.literal('PENDING'),
  consistencyToken: consistencyTokenSchema,
});

export const orderStepResponse = z.object({
  orderId: z.string(),
  status: z.string(),
  consistencyToken: consistencyTokenSchema,
});

export const paymentWebhookResponse = z.object({
  paymentId: z.string(),
  status: z.enum(['AUTHORIZED', 'CAPTURED', 'FAILED', 'REFUNDED']),
  consistencyToken: consistencyTokenSchema,
});

export const createShipmentResponse = z.object({
  shipmentId: z.string(),
  orderId: z.string(),
  status: z.literal('CREATED'),
  consistencyToken: consistencyTokenSchema,
});

export const shipmentStepResponse = z.object({
  shipmentId: z.string(),
  status: z.enum(['DISPATCHED', 'DELIVERED', 'RETURNED']),
  consistencyToken: consistencyTokenSchema,
});

export const stockResponse = z.object({
  sku: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  threshold: z.number().int().nullable(),
  consistencyToken: consistencyTokenSchema,
});

const fieldProblem = z.object({ field: z.string(), message: z.string() });

export const collectBehaviourResponse = z.object({
  accepted: z.number().int(),
  rejected: z.array(z.object({ index: z.number().int(), errors: z.array(fieldProblem) })),
});

export const errorResponse = z
  .object({
    error: z.string().describe('Stable code, e.g. VALIDATION_FAILED, ORDER_NOT_FOUND, KAFKA_UNAVAILABLE.'),
    message: z.string().describe('What went wrong and what to do.'),
    fields: z.array(fieldProblem).optional().describe('VALIDATION_FAILED: every invalid field.'),
    currentStatus: z.string().optional().describe('*_ILLEGAL_TRANSITION: the status that refused the step.'),
    allowed: z
      .array(z.string())
      .nullable()
      .optional()
      .describe('*_ILLEGAL_TRANSITION: what that status accepts.'),
    problems: z.array(z.string()).optional(),
  })
  .loose();

export const readinessResponse = z.object({
  ready: z.boolean(),
  checks: z.object({
    kafka: z.object({ up: z.boolean(), detail: z.string().optional() }),
    registry: z.object({ up: z.boolean(), detail: z.string().optional() }),
  }),
});

export const statsResponse = z.object({
  behaviourProducer: z.object({
    requests: z.number().int(),
    produceCalls: z.number().int(),
    records: z.number().int(),
  }),
});
