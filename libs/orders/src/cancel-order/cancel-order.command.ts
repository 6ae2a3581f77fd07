import type { CancellationReason, CancelledBy } from '@shopstream/events';

export interface CancelOrder {
  readonly type: 'CancelOrder';
  readonly orderId: string;
  readonly by: CancelledBy;
  readonly reason: CancellationReason;
}
