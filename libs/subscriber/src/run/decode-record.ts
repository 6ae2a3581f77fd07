import { RegistryUnavailableError, UnknownEventTypeError } from '@shopstream/events';
import type { EventCodec } from '@shopstream/events';
import type { ShopstreamEvent } from '@shopstream/events';
import type { IncomingRecord } from '@shopstream/kafka';

/** What a record's bytes turned out to be. */
export type DecodedRecord =
  | { readonly kind: 'event'; readonly event: ShopstreamEvent }
  /** A schema this build's generated types do not know (a newer event type): the unhandled policy decides. */
  | { readonly kind: 'unknown'; readonly error: UnknownEventTypeError }
  /** Bytes no retry will make readable: not a Confluent frame, not Avro of its schema, or an incompatible one. */
  | { readonly kind: 'poison'; readonly error: unknown };

/**
 * Decodes a record with the platform's codec (writer schema from the registry, resolved to the latest reader,
 * upcast where needed). Throws only what may go away: the registry not answering.
 */
export async function decodeRecord(
  codec: EventCodec<ShopstreamEvent>,
  record: IncomingRecord,
): Promise<DecodedRecord> {
  try {
    return { kind: 'event', event: await codec.decode(record.value) };
  } catch (error) {
    if (error instanceof RegistryUnavailableError) throw error;
    if (error instanceof UnknownEventTypeError) return { kind: 'unknown', error };
    return { kind: 'poison', error };
  }
}
