import { EVENT_SCHEMAS, ShopstreamEvent } from '../generated';
import { SchemaRegistryClient } from './schema-registry-client';
import { EventCodec } from './event-codec';
import { Upcaster, UpcasterRegistry } from './upcaster';

/** The codec for every Shopstream event, from the schemas generated into this library (no file reads at run time). */
export function createEventCodec(
  registryUrl: string,
  upcasters: readonly Upcaster[] = [],
): EventCodec<ShopstreamEvent> {
  return new EventCodec<ShopstreamEvent>(
    new SchemaRegistryClient(registryUrl),
    EVENT_SCHEMAS,
    new UpcasterRegistry(upcasters),
  );
}
