import { Body, Controller, HttpCode, Inject, Post, Res, UseGuards } from '@nestjs/common';
import { PAYMENTS_TOPIC } from '@shopstream/events';
import type { OrderFlowCommandPort, RequestMeta } from '@shopstream/order-flow';
import type { ServerResponse } from 'node:http';
import { ConsistencyToken, consistencyToken, markReplayed } from '../http/consistency-token';
import { CommandMeta } from '../idempotency/request-meta.decorator';
import { ORDER_FLOW_COMMANDS } from '../order-flow/order-flow.token';
import { ValidationFailedError } from '../validation/validation.errors';
import { ZodBodyPipe } from '../validation/zod.pipe';
import { PaymentSignatureGuard } from './payment-signature.guard';
import { paymentWebhookRequest, PaymentWebhookRequest, toPaymentWebhook } from './payment-webhook.request';

export interface PaymentWebhookResponse {
  readonly paymentId: string;
  readonly consistencyToken: ConsistencyToken | null;
}

/** The webhook's body arrives as raw bytes (see configureApp): JSON is read only after the signature checked out. */
export class JsonFromRawPipe {
  transform(value: unknown): unknown {
    if (!Buffer.isBuffer(value)) return value;
    try {
      return JSON.parse(value.toString('utf8')) as unknown;
    } catch (error) {
      throw new ValidationFailedError([
        {
          field: '(body)',
          message: `must be valid JSON (${error instanceof Error ? error.message : String(error)})`,
        },
      ]);
    }
  }
}

@Controller('payments')
export class PaymentWebhookController {
  constructor(@Inject(ORDER_FLOW_COMMANDS) private readonly commands: OrderFlowCommandPort) {}

  @Post('webhook')
  @HttpCode(202)
  @UseGuards(PaymentSignatureGuard)
  async receive(
    @Body(new JsonFromRawPipe(), new ZodBodyPipe(paymentWebhookRequest)) body: PaymentWebhookRequest,
    @CommandMeta() meta: RequestMeta,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<PaymentWebhookResponse> {
    // Providers retry webhooks without an Idempotency-Key: the payment and its step identify a delivery.
    const idempotencyKey = meta.idempotencyKey ?? `payment-webhook:${body.type}:${body.paymentId}`;
    const outcome = await this.commands.recordPayment(toPaymentWebhook(body), { ...meta, idempotencyKey });
    markReplayed(response, outcome);
    return {
      paymentId: outcome.result.paymentId,
      consistencyToken: consistencyToken(outcome.events, PAYMENTS_TOPIC),
    };
  }
}
