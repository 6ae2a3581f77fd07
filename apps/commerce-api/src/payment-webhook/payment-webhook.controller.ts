import { Body, Controller, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { PAYMENTS_TOPIC } from '@shopstream/events';
import type { OrderFlowCommandPort, PaymentStatus, RequestMeta } from '@shopstream/order-flow';
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { ConsistencyToken, consistencyToken, markReplayed } from '../http/consistency-token';
import type { HttpRequest } from '../http/http-request';
import { CommandMeta } from '../idempotency/request-meta.decorator';
import { ORDER_FLOW_COMMANDS } from '../order-flow/order-flow.token';
import { ValidationFailedError } from '@shopstream/http';
import { ZodBodyPipe } from '../validation/zod.pipe';
import { PaymentSignatureGuard } from './payment-signature.guard';
import { paymentWebhookRequest, PaymentWebhookRequest, toPaymentWebhook } from './payment-webhook.request';
import { SignedRoute } from '@shopstream/http';

export interface PaymentWebhookResponse {
  readonly paymentId: string;
  /** REFUNDED for a capture the order could no longer take: it was accepted and the money sent back. */
  readonly status: PaymentStatus;
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
@SignedRoute()
export class PaymentWebhookController {
  constructor(@Inject(ORDER_FLOW_COMMANDS) private readonly commands: OrderFlowCommandPort) {}

  @Post('webhook')
  @HttpCode(202)
  @UseGuards(PaymentSignatureGuard)
  async receive(
    @Body(new JsonFromRawPipe(), new ZodBodyPipe(paymentWebhookRequest)) body: PaymentWebhookRequest,
    @CommandMeta() meta: RequestMeta,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<PaymentWebhookResponse> {
    // The provider's delivery id is the key, never a client's header: a signed body replayed under fresh keys would
    // otherwise count again. The signed bytes are the request (whatever the path's spelling), so a retry matches.
    const idempotency = {
      idempotencyKey: `payment-webhook:${body.deliveryId}`,
      requestHash: createHash('sha256')
        .update(request.rawBody ?? Buffer.alloc(0))
        .digest('hex'),
    };
    const outcome = await this.commands.recordPayment(toPaymentWebhook(body), { ...meta, ...idempotency });
    markReplayed(response, outcome);
    return {
      paymentId: outcome.result.paymentId,
      status: outcome.result.status,
      consistencyToken: consistencyToken(outcome.events, PAYMENTS_TOPIC),
    };
  }
}
