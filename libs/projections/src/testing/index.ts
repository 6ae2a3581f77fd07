/*
 * Helpers to test a projection the way the engine applies it, for this repository's read models and for any team
 * writing its own: `givenEvents` for a fold's unit spec, `ProjectionHarness` for given events / then rows against
 * PostgreSQL. Imported as `@shopstream/projections/testing`, never from production code.
 */
export { eventMetadata, givenEvents } from './given-events';
export { ProjectionHarness } from './projection-harness';
