// Build and operations tooling over the schemas: reading and resolving schema files, registering them, checking
// compatibility against git history and the registry, and generating types and docs. Services import
// `@shopstream/events` instead.
export * from './codec/schema-registry-client';
export * from './registry/register-schemas';
export * from './schemas/avro-schema';
export * from './schemas/schema-tree';
export * from './schemas/schemas.errors';
export * from './schemas/read-schema-files';
export * from './governance';
export * from './codegen';
