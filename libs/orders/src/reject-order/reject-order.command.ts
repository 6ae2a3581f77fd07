import type { OrderRejectionReason } from '@shopstream/events';

export interface RejectOrder {
  readonly type: 'RejectOrder';
  readonly orderId: string;
  readonly reason: OrderRejectionReason;
  /** e.g. the skus that were short. */
  readonly detail: string | null;
}
