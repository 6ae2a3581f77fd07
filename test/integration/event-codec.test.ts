import fc from 'fast-check';
import {
  EventCodec,
  frame,
  IncompatibleSchemaError,
  InvalidEventError,
  NotConfluentFrameError,
  TypedEvent,
  UnknownEventTypeError,
  UnknownSchemaIdError,
  Upcaster,
  UpcasterRegistry,
} from '@shopstream/events';
import {
  readSchemaFiles,
  registerSchemas,
  resolveSchemaTree,
  SchemaRegistryClient,
} from '@shopstream/events/tooling';
import { arbitraryFor } from '../support/avro-arbitrary';
import { platformConfig } from '../support/platform';
import { deleteSubject } from '../support/registry';
import { uniqueName } from '../support/wait-for';

const config = platformConfig();
const schemas = resolveSchemaTree(readSchemaFiles(config.root));
const latestVersions = schemas.filter(
  (s) => !schemas.some((o) => o.wireName === s.wireName && o.version > s.version),
);

type AnyEvent = TypedEvent & Record<string, unknown>;

const orderPlacedV1 = {
  type: 'shopstream.orders.OrderPlaced',
  metadata: {
    eventId: '0b6f7a1e-3c1a-4a53-9f0e-6c1a2b3c4d5e',
    occurredAt: 1_790_000_000_000,
    aggregateId: 'order-1',
    aggregateVersion: 1,
    correlationId: 'corr-1',
    causationId: null,
    producer: 'test',
  },
  orderId: 'order-1',
  customerId: 'customer-1',
  currency: 'EUR',
  lines: [{ sku: 'SKU-1', quantity: 2, unitPriceMinor: 1250 }],
  totals: { subtotalMinor: 2500, shippingMinor: 495, taxMinor: 0, totalMinor: 2995 },
  shippingAddress: {
    name: 'Ada',
    line1: 'Main St 1',
    line2: null,
    city: 'Berlin',
    postalCode: '10115',
    country: 'DE',
  },
};

describe('event codec against the real registry', () => {
  const client = new SchemaRegistryClient(config.registry.url);
  const codec = new EventCodec<AnyEvent>(client, schemas);

  beforeAll(async () => {
    await registerSchemas(client, schemas);
  });

  it.each(latestVersions.map((s) => [s.wireName, s] as const))(
    'round-trips random %s events',
    async (_name, entry) => {
      await fc.assert(
        fc.asyncProperty(arbitraryFor(entry.schema), async (payload) => {
          const event = { type: entry.wireName, ...(payload as object) } as AnyEvent;
          const bytes = await codec.encode(event);
          expect(bytes[0]).toBe(0);
          expect(await codec.decode(bytes)).toEqual(event);
        }),
        { numRuns: 25 },
      );
    },
  );

  it('reads an OrderPlaced v1 event as v2, with the channel default WEB', async () => {
    const v1Bytes = await codec.encodeAsVersion(orderPlacedV1, 1);
    const v2Bytes = await codec.encode({ ...orderPlacedV1, channel: 'MOBILE_APP' });
    expect(v1Bytes.readUInt32BE(1)).not.toBe(v2Bytes.readUInt32BE(1));
    expect(await codec.decode(v1Bytes)).toEqual({ ...orderPlacedV1, channel: 'WEB' });
  });

  it('asks the registry once per schema id, even for concurrent first decodes', async () => {
    const counting = new SchemaRegistryClient(config.registry.url);
    const schemaById = jest.spyOn(counting, 'schemaById');
    const fresh = new EventCodec<AnyEvent>(counting, schemas);
    const bytes = await codec.encode({ ...orderPlacedV1, channel: 'WEB' });
    await Promise.all(Array.from({ length: 20 }, () => fresh.decode(bytes)));
    await fresh.decode(bytes);
    expect(schemaById).toHaveBeenCalledTimes(1);
  });

  it('names the field path and the problem of an invalid event, and writes nothing', async () => {
    const bad = {
      ...orderPlacedV1,
      channel: 'FAX',
      lines: [{ sku: 'SKU-1', quantity: 'two', unitPriceMinor: 1250 }],
      metadata: { ...orderPlacedV1.metadata, occurredAt: undefined },
    };
    const attempt = codec.encode(bad as AnyEvent);
    await expect(attempt).rejects.toBeInstanceOf(InvalidEventError);
    await expect(codec.encode(bad as AnyEvent)).rejects.toMatchObject({
      code: 'EVENT_INVALID',
      problems: expect.arrayContaining([
        'metadata.occurredAt: expected long, got nothing',
        'lines[0].quantity: expected int, got "two"',
        'channel: expected one of WEB|MOBILE_APP|MARKETPLACE|STORE|API, got "FAX"',
      ]),
    });
  });

  it('rejects an event type that has no schema', async () => {
    await expect(codec.encode({ type: 'shopstream.orders.OrderTeleported' })).rejects.toBeInstanceOf(
      UnknownEventTypeError,
    );
  });

  it('gives typed errors for malformed frames and unknown schema ids', async () => {
    await expect(codec.decode(Buffer.from('{"orderId":"x"}'))).rejects.toMatchObject({
      code: 'EVENT_NOT_FRAMED',
    });
    await expect(codec.decode(Buffer.from([0, 1]))).rejects.toBeInstanceOf(NotConfluentFrameError);
    await expect(codec.decode(null)).rejects.toBeInstanceOf(NotConfluentFrameError);
    const unknown = frame(2_000_000_000, Buffer.from([2, 4]));
    await expect(codec.decode(unknown)).rejects.toBeInstanceOf(UnknownSchemaIdError);
    await expect(codec.decode(unknown)).rejects.toMatchObject({
      code: 'SCHEMA_ID_UNKNOWN',
      schemaId: 2_000_000_000,
    });
  });

  it('rejects a body that does not match its schema id as EVENT_INVALID', async () => {
    const good = await codec.encode({ ...orderPlacedV1, channel: 'WEB' });
    const truncated = good.subarray(0, 12);
    await expect(codec.decode(truncated)).rejects.toMatchObject({ code: 'EVENT_INVALID' });
  });

  describe('with schemas registered under test subjects', () => {
    const subjects: string[] = [];
    afterAll(async () => {
      for (const s of subjects) await deleteSubject(config.registry.url, s);
    });

    it('refuses to decode a schema it cannot resolve to the current one as SCHEMA_INCOMPATIBLE', async () => {
      const topic = uniqueName('it.codec');
      const subject = `${topic}-shopstream.orders.OrderConfirmed`;
      subjects.push(subject);
      // Same record name, but orderId is an int: no Avro resolution reaches the string field of the local schema.
      const alien = {
        type: 'record',
        name: 'OrderConfirmed',
        namespace: 'shopstream.orders',
        fields: [{ name: 'orderId', type: 'int' }],
      };
      const id = await client.register(subject, alien);
      await expect(codec.decode(frame(id, Buffer.from([2])))).rejects.toBeInstanceOf(IncompatibleSchemaError);
    });

    it('applies an upcaster for a step Avro resolution cannot express', async () => {
      // v1 wrote the customer as "buyer"; v2 renamed it without an alias, so only code can carry the value over.
      const base = { type: 'record', namespace: 'shopstream.upcasting', doc: 'd' } as const;
      const v1 = { ...base, name: 'Renamed', fields: [{ name: 'buyer', type: 'string', doc: 'd' }] };
      const v2 = {
        ...base,
        name: 'Renamed',
        fields: [{ name: 'customerId', type: 'string', default: '', doc: 'd' }],
      };
      const topic = uniqueName('it.upcast');
      const entries = [v1, v2].map((schema, i) => ({
        wireName: 'shopstream.upcasting.Renamed',
        name: 'Renamed',
        context: 'upcasting',
        topic,
        subject: `${topic}-shopstream.upcasting.Renamed`,
        version: i + 1,
        file: `v${i + 1}`,
        doc: 'd',
        schema,
      }));
      subjects.push(entries[0]!.subject);
      const upcaster: Upcaster = {
        wireName: 'shopstream.upcasting.Renamed',
        fromVersion: 1,
        upcast: (payload) => ({ customerId: payload['buyer'] }),
      };
      const withUpcaster = new EventCodec<AnyEvent>(client, entries, new UpcasterRegistry([upcaster]));
      // Register v1 only, as a producer did before v2 existed.
      await client.register(entries[0]!.subject, v1);
      const old = await withUpcaster.encodeAsVersion(
        { type: 'shopstream.upcasting.Renamed', buyer: 'c-9' },
        1,
      );
      expect(await withUpcaster.decode(old)).toEqual({
        type: 'shopstream.upcasting.Renamed',
        customerId: 'c-9',
      });
      const without = new EventCodec<AnyEvent>(client, entries);
      expect(await without.decode(old)).toEqual({ type: 'shopstream.upcasting.Renamed', customerId: '' });
    });
  });
});
