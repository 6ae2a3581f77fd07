import { Projection } from '@shopstream/projections';
import { ProjectionHarness as Harness } from '@shopstream/projections/testing';
import { platformConfig } from './platform';

/** The engine's projection harness on this repository's platform database. */
export type ProjectionHarness = Harness;

export const ProjectionHarness = {
  create: (projection: Projection): Promise<Harness> =>
    Harness.create(projection, { databaseUrl: platformConfig().database.url }),
};
