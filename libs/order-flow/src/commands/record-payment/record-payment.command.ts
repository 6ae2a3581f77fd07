import { PaymentsEvent, ShopstreamEvent } from '@shopstream/events';
import * as orders from '@shopstream/orders';
import type { CommandWork } from '../command-runner';
import type { PaymentWebhook } from '../commands.port';
import { decideCapture, PaymentStatus } from './record-capture';

/**
 * Records what the payment provider reports. A capture is decided against the locked order (see decideCapture);
 * an authorization, a failure or a refund becomes the payment's event, which the processor reacts to.
 */
export function recordPayment(
  webhook: PaymentWebhook,
): CommandWork<{ paymentId: string; status: PaymentStatus }> {
  return async ({ stores, ctx }) => {
    const state = await stores.orders.lockOne(webhook.orderId);
    if (!state) throw new orders.OrderNotFoundError(webhook.orderId, `payment ${webhook.kind}`);
    if (webhook.kind === 'failed') orders.assertCommandAllowed(state, 'RecordPaymentFailed');
    const row = await stores.payments.lock(webhook.paymentId);
    const version = row?.version ?? 0;
    const nextMetadata = orders.metadataSequence(ctx, webhook.paymentId, version);
    let events: readonly ShopstreamEvent[];
    let status: PaymentStatus;
    if (webhook.kind === 'captured') {
      const decided = decideCapture(state, webhook, nextMetadata, ctx);
      if (decided.order) await stores.orders.save([decided.order]);
      events = decided.events;
      status = decided.paymentStatus ?? (row?.status as PaymentStatus | undefined) ?? 'CAPTURED';
    } else {
      events = [providerEvent(webhook, nextMetadata())];
      status =
        webhook.kind === 'failed' ? 'FAILED' : webhook.kind === 'authorized' ? 'AUTHORIZED' : 'REFUNDED';
    }
    const paymentEvents = events.filter((e) => e.type.startsWith('shopstream.payments.')).length;
    if (paymentEvents > 0)
      await stores.payments.save({
        paymentId: webhook.paymentId,
        orderId: webhook.orderId,
        status,
        version: version + paymentEvents,
      });
    return { result: { paymentId: webhook.paymentId, status }, events };
  };
}

/** The payment's own event for what the provider reports other than a capture. */
function providerEvent(webhook: PaymentWebhook, metadata: PaymentsEvent['metadata']): PaymentsEvent {
  const base = {
    metadata,
    orderId: webhook.orderId,
    paymentId: webhook.paymentId,
    amountMinor: webhook.amountMinor,
    currency: webhook.currency,
  };
  if (webhook.kind === 'failed')
    return {
      type: 'shopstream.payments.PaymentFailed',
      ...base,
      failureCode: webhook.failureCode,
      message: webhook.message,
    };
  return webhook.kind === 'authorized'
    ? { type: 'shopstream.payments.PaymentAuthorized', ...base }
    : { type: 'shopstream.payments.PaymentRefunded', ...base };
}
