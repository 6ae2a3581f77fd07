import { resolveSchemaTree } from '../schemas/schema-tree';
import { EventCodegenError } from './codegen.errors';
import { AVRO_SCHEMA_FORMAT, generateAsyncApi } from './generate-asyncapi';
import { TopicDescription } from './topic-description';

const version = (v: number, fields: object[]) => ({
  path: `schemas/things/thing-happened.v${v}.avsc`,
  content: JSON.stringify({
    type: 'record',
    name: 'ThingHappened',
    namespace: 'shopstream.things',
    doc: `v${v}`,
    fields,
  }),
});
const events = resolveSchemaTree([
  version(1, [{ name: 'id', type: 'string', doc: 'Id.' }]),
  version(2, [
    { name: 'id', type: 'string', doc: 'Id.' },
    { name: 'size', type: 'int', default: 0, doc: 'Size.' },
  ]),
]);
const topic = (name: string): TopicDescription => ({
  name,
  description: `${name} events.`,
  key: 'thingId',
  partitions: 3,
  replicationFactor: 1,
});

interface Doc {
  asyncapi: string;
  servers: Record<string, { host: string; protocol: string }>;
  channels: Record<string, { address: string; description: string; messages: Record<string, Message> }>;
  operations: Record<string, { action: string; channel: { $ref: string }; messages: { $ref: string }[] }>;
}
interface Message {
  name: string;
  payload: { schemaFormat: string; schema: { doc: string } };
  bindings: { kafka: { key: { type: string; description: string } } };
}

describe('generateAsyncApi', () => {
  const doc = JSON.parse(generateAsyncApi(events, [topic('shopstream.things')]).content) as Doc;

  it('is an AsyncAPI 3.0.0 document with the local Kafka server', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.servers['local']).toMatchObject({ host: '127.0.0.1:9092', protocol: 'kafka' });
  });

  it('has a channel per topic with a message per event, carrying the latest Avro schema and the key', () => {
    const channel = doc.channels['shopstream-things']!;
    expect(channel).toMatchObject({ address: 'shopstream.things', description: 'shopstream.things events.' });
    const message = channel.messages['ThingHappened']!;
    expect(message.name).toBe('shopstream.things.ThingHappened');
    expect(message.payload.schemaFormat).toBe(AVRO_SCHEMA_FORMAT);
    expect(message.payload.schema.doc).toBe('v2');
    expect(message.bindings.kafka.key).toMatchObject({
      type: 'string',
      description: expect.stringMatching(/^thingId/),
    });
  });

  it('has one receive operation per channel, referring to its channel and messages', () => {
    expect(doc.operations).toEqual({
      'receive-shopstream-things': expect.objectContaining({
        action: 'receive',
        channel: { $ref: '#/channels/shopstream-things' },
        messages: [{ $ref: '#/channels/shopstream-things/messages/ThingHappened' }],
      }),
    });
  });

  it('refuses events on a topic the catalog does not list, saying where to add it', () => {
    expect(() => generateAsyncApi(events, [topic('shopstream.other')])).toThrow(EventCodegenError);
    expect(() => generateAsyncApi(events, [topic('shopstream.other')])).toThrow(
      /shopstream.things, which infra\/topics.json does not list; add the topic there/,
    );
  });
});
