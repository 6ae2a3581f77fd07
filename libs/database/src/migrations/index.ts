import { CreateProjectionCheckpoints1795800000000 } from './1795800000000-create-projection-checkpoints';
import { CreateProjectionEngineTables1795800001000 } from './1795800001000-create-projection-engine-tables';
import { CreateOrderFlowTables1795800002000 } from './1795800002000-create-order-flow-tables';
import { CreatePlatformState1795800003000 } from './1795800003000-create-platform-state';
import { CreateCheckpointMovedFunction1795800004000 } from './1795800004000-create-checkpoint-moved-function';
import { UniqueOutboxPositions1795800005000 } from './1795800005000-unique-outbox-positions';
import { IndexRetentionColumns1795800006000 } from './1795800006000-index-retention-columns';
import { AddOutboxHeaders1795800007000 } from './1795800007000-add-outbox-headers';
import { CreateAccessApiKeys1795800008000 } from './1795800008000-create-access-api-keys';
import { CreateAppRoles1795800009000 } from './1795800009000-create-app-roles';
import { CreateReadModelChangedFunction1795800010000 } from './1795800010000-create-read-model-changed-function';
import { AddDeferredEventPositions1795800011000 } from './1795800011000-add-deferred-event-positions';
import { IndexOutboxKey1795800012000 } from './1795800012000-index-outbox-key';
import { NotifyProjectionApplied1795800013000 } from './1795800013000-notify-projection-applied';
import { StockReservationsRows1795800014000 } from './1795800014000-stock-reservations-rows';
import { NotifyAppliedPositions1795800015000 } from './1795800015000-notify-applied-positions';

/** Every migration, oldest first. A new one is appended here; `shopstream up` runs what is pending. */
export const migrations = [
  CreateProjectionCheckpoints1795800000000,
  CreateProjectionEngineTables1795800001000,
  CreateOrderFlowTables1795800002000,
  CreatePlatformState1795800003000,
  CreateCheckpointMovedFunction1795800004000,
  UniqueOutboxPositions1795800005000,
  IndexRetentionColumns1795800006000,
  AddOutboxHeaders1795800007000,
  CreateAccessApiKeys1795800008000,
  CreateAppRoles1795800009000,
  CreateReadModelChangedFunction1795800010000,
  AddDeferredEventPositions1795800011000,
  IndexOutboxKey1795800012000,
  NotifyProjectionApplied1795800013000,
  StockReservationsRows1795800014000,
  NotifyAppliedPositions1795800015000,
];
