import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CommerceApiConfig } from '../commerce-api.config';
import { SignatureInvalidError } from '../http/http.errors';
import { headerValue, HttpRequest } from '../http/http-request';
import { COMMERCE_API_CONFIG } from '../order-flow/order-flow.token';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/** Checks X-Signature: sha256=<hex HMAC of the raw body> before anything reads the body. */
export function verifySignature(
  secret: string,
  rawBody: Buffer | undefined,
  header: string | undefined,
): void {
  if (header === undefined) throw new SignatureInvalidError('The X-Signature header is missing');
  const match = SIGNATURE.exec(header.trim());
  if (!match?.[1])
    throw new SignatureInvalidError('The X-Signature header is not of the form sha256=<64 hex digits>');
  const expected = createHmac('sha256', secret)
    .update(rawBody ?? Buffer.alloc(0))
    .digest();
  // Both are 32 bytes here, so the comparison is constant-time whatever the client sent.
  if (!timingSafeEqual(Buffer.from(match[1], 'hex'), expected))
    throw new SignatureInvalidError('The X-Signature does not match the body');
}

@Injectable()
export class PaymentSignatureGuard implements CanActivate {
  constructor(@Inject(COMMERCE_API_CONFIG) private readonly config: CommerceApiConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<HttpRequest>();
    verifySignature(this.config.paymentWebhook.secret, request.rawBody, headerValue(request, 'x-signature'));
    return true;
  }
}
