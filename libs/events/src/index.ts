// The runtime: what a service that produces or consumes events loads. Tooling (code generation, schema governance,
// registering schemas) is `@shopstream/events/tooling`, so a service never loads git or the code generator.
export * from './codec/codec.errors';
export * from './codec/confluent-frame';
export * from './codec/event-codec';
export * from './codec/create-event-codec';
export * from './codec/event-key';
export * from './codec/upcaster';
export * from './generated';
export * from './metadata/event-context';
export * from './metadata/event-id';
