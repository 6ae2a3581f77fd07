import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import { ORDER_FLOW_INSTANCE, orderFlowProcessor } from '@shopstream/order-flow';
import { Projection } from '@shopstream/projections';
import { READ_MODELS } from '@shopstream/read-models';
import { createLogger } from '@shopstream/logging';
import { findReadModel } from './read-model-named';

/** What `dlq redrive` applies parked events to: the projection, under the name and schema its dead letters name. */
export interface DlqTarget {
  readonly projection: Projection;
  readonly instanceName?: string;
  readonly schema?: string;
}

export class UnknownDlqTargetError extends Error {
  readonly code = 'DLQ_UNKNOWN_PROJECTION';
  constructor(name: string, known: readonly string[]) {
    super(
      `No projection "${name}" parks events; known: ${known.join(', ')}. ` +
        'See `shopstream dlq list` for the projection each parked event belongs to.',
    );
    this.name = 'UnknownDlqTargetError';
  }
}

/**
 * The read models, and the order-flow processor: it parks in the same table, but keeps its state and duplicate
 * guard in its own schema, so a redrive must apply there, not in a read model's versioned schema.
 */
export function dlqTarget(name: string, codec: EventCodec<ShopstreamEvent>): DlqTarget {
  if (name === ORDER_FLOW_INSTANCE.name) {
    const projection = orderFlowProcessor(codec, {
      ignored: (trigger, why) =>
        createLogger('dlq').info(
          { event: trigger.type, eventId: trigger.metadata.eventId, why },
          'no reaction',
        ),
    });
    return { projection, instanceName: ORDER_FLOW_INSTANCE.name, schema: ORDER_FLOW_INSTANCE.schema };
  }
  const projection = findReadModel(name);
  if (!projection)
    throw new UnknownDlqTargetError(name, [...READ_MODELS.map((p) => p.name), ORDER_FLOW_INSTANCE.name]);
  return { projection };
}
