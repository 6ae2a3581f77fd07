import type { Projection } from '@shopstream/projections';
import { READ_MODELS } from '@shopstream/read-models';

/** The read model of that name, or undefined. */
export function findReadModel(name: string): Projection | undefined {
  return READ_MODELS.find((p) => p.name === name);
}

/** The read model of that name; an unknown name stops the command, listing the known ones. */
export function readModelNamed(name: string): Projection {
  const projection = findReadModel(name);
  if (!projection)
    throw new Error(`No projection "${name}"; known: ${READ_MODELS.map((p) => p.name).join(', ')}`);
  return projection;
}
