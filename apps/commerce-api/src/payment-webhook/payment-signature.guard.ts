import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CommerceApiConfig } from '../commerce-api.config';
import { SignatureInvalidError } from '../http/http.errors';
import { headerValue, HttpRequest } from '../http/http-request';
import { COMMERCE_API_CONFIG } from '../order-flow/order-flow.token';

const TIMESTAMP = /^\d{1,12}$/;
const HEX_DIGEST = /^[0-9a-f]{64}$/i;

/** The parts of `X-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]`; several v1 while a secret is rotated. */
function parseSignature(header: string): { readonly at: number; readonly digests: readonly Buffer[] } {
  let at: number | null = null;
  const digests: Buffer[] = [];
  for (const part of header.split(',')) {
    const [name, value = ''] = part.trim().split('=', 2) as [string, string?];
    if (name === 't' && TIMESTAMP.test(value)) at = Number(value);
    if (name === 'v1' && HEX_DIGEST.test(value)) digests.push(Buffer.from(value, 'hex'));
  }
  if (at === null || digests.length === 0)
    throw new SignatureInvalidError(
      'The X-Signature header is not of the form t=<unix seconds>,v1=<64 hex digits>',
    );
  return { at, digests };
}

/**
 * Checks the signature before anything reads the body. It covers the timestamp and the raw body, and the timestamp
 * must be within `toleranceS` of now: a delivery captured on the wire can't be replayed later, and one replayed
 * within the window carries the same delivery id, which the idempotency record answers.
 */
export function verifySignature(
  secret: string,
  rawBody: Buffer | undefined,
  header: string | undefined,
  toleranceS: number,
  nowMs = Date.now(),
): void {
  if (header === undefined) throw new SignatureInvalidError('The X-Signature header is missing');
  const { at, digests } = parseSignature(header);
  const expected = createHmac('sha256', secret)
    .update(`${at}.`)
    .update(rawBody ?? Buffer.alloc(0))
    .digest();
  // Every candidate is compared, each in constant time (all are 32 bytes), so timing tells nothing.
  const matches = digests.map((digest) => timingSafeEqual(digest, expected)).some(Boolean);
  if (!matches) throw new SignatureInvalidError('The X-Signature does not match the timestamp and body');
  if (Math.abs(nowMs / 1000 - at) > toleranceS)
    throw new SignatureInvalidError(
      `The X-Signature timestamp ${at} is outside the tolerance of ${toleranceS} s around the server's clock ` +
        '(a replayed or delayed delivery); sign each delivery when it is sent',
    );
}

@Injectable()
export class PaymentSignatureGuard implements CanActivate {
  constructor(@Inject(COMMERCE_API_CONFIG) private readonly config: CommerceApiConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const { secret, toleranceS } = this.config.paymentWebhook;
    verifySignature(secret, request.rawBody, headerValue(request, 'x-signature'), toleranceS);
    return true;
  }
}
