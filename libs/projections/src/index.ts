export * from './definition/projection';
export * from './projections.errors';
export * from './storage/projection-tables';
export * from './storage/transaction';
export * from './apply/apply-batch';
