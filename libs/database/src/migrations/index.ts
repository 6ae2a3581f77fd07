import { CreateProjectionCheckpoints1795800000000 } from './1795800000000-create-projection-checkpoints';

/** Every migration, oldest first. A new one is appended here; `shopstream up` runs what is pending. */
export const migrations = [CreateProjectionCheckpoints1795800000000];
