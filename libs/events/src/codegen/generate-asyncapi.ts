import { EventSchemaVersion } from '../schemas/schema-tree';
import { EventCodegenError } from './codegen.errors';
import { EVENT_DOCS_DIR, GENERATED_NOTICE, GeneratedFile } from './generated-file';
import { TopicDescription } from './topic-description';
import { latestVersions } from './type-modules';

export const AVRO_SCHEMA_FORMAT = 'application/vnd.apache.avro+json;version=1.9.0';
const KAFKA_BINDING_VERSION = '0.5.0';

/** A channel key: AsyncAPI allows only letters, digits, `-` and `_` in component keys. */
export const channelId = (topic: string): string => topic.replace(/[^A-Za-z0-9_-]/g, '-');

/**
 * An AsyncAPI 3.0.0 document of every topic in the catalog: one channel per topic with a message per event (the
 * latest Avro schema, shared types inlined) and one receive operation per channel, since what other teams do with
 * these topics is read them.
 */
export function generateAsyncApi(
  events: readonly EventSchemaVersion[],
  topics: readonly TopicDescription[],
): GeneratedFile {
  const latest = latestVersions(events);
  const known = new Set(topics.map((t) => t.name));
  const strays = [...new Set(latest.filter((e) => !known.has(e.topic)).map((e) => e.topic))];
  if (strays.length)
    throw new EventCodegenError(
      strays.map(
        (t) => `events are published on ${t}, which infra/topics.json does not list; add the topic there`,
      ),
    );

  const channels: Record<string, object> = {};
  const operations: Record<string, object> = {};
  for (const topic of topics) {
    const id = channelId(topic.name);
    const onTopic = latest.filter((e) => e.topic === topic.name);
    channels[id] = {
      address: topic.name,
      title: topic.name,
      description: topic.description,
      messages: Object.fromEntries(onTopic.map((e) => [e.name, message(e, topic)])),
      bindings: {
        kafka: {
          partitions: topic.partitions,
          replicas: topic.replicationFactor,
          bindingVersion: KAFKA_BINDING_VERSION,
        },
      },
    };
    operations[`receive-${id}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${id}` },
      summary: `Read the events of ${topic.name}.`,
      messages: onTopic.map((e) => ({ $ref: `#/channels/${id}/messages/${e.name}` })),
    };
  }

  const document = {
    asyncapi: '3.0.0',
    info: {
      title: 'Shopstream events',
      version: '1.0.0',
      description:
        'Every event Shopstream publishes on Kafka, by topic. Values are Avro in the Confluent wire format ' +
        '(magic byte and schema id, then the Avro body), registered under TopicRecordNameStrategy subjects. ' +
        GENERATED_NOTICE,
    },
    defaultContentType: 'application/octet-stream',
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'The local platform started by `shopstream up`.',
      },
    },
    channels,
    operations,
  };
  return { path: `${EVENT_DOCS_DIR}/asyncapi.json`, content: `${JSON.stringify(document, null, 2)}\n` };
}

function message(event: EventSchemaVersion, topic: TopicDescription): object {
  return {
    name: event.wireName,
    title: event.name,
    summary: event.doc,
    description: `Wire name \`${event.wireName}\`, schema v${event.version} (\`${event.file}\`), subject \`${event.subject}\`.`,
    contentType: 'application/octet-stream',
    payload: { schemaFormat: AVRO_SCHEMA_FORMAT, schema: event.schema },
    bindings: {
      kafka: {
        key: {
          type: 'string',
          description: `${topic.key}: keeps one aggregate's events in order on one partition.`,
        },
        schemaIdLocation: 'payload',
        schemaIdPayloadEncoding: 'confluent',
        schemaLookupStrategy: 'TopicRecordNameStrategy',
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
}
