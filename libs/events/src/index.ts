export * from './registry/schema-registry-client';
