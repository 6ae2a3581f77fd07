import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { OpenRouteGroup } from '@shopstream/config';
import { Principal, Scope } from '@shopstream/access';

export const ACCESS_RULE = 'shopstream:access-rule';

/**
 * What a route asks of its caller. `customer` says a customer token may call it too: `param` names the path
 * parameter that must be its customer id, `checked` says the handler checks the order it touches
 * (`assertOwnOrder`).
 */
export type AccessRule =
  | {
      readonly kind: 'scopes';
      readonly scopes: readonly Scope[];
      readonly customer?: 'checked' | { param: string };
    }
  | { readonly kind: 'open'; readonly group: OpenRouteGroup }
  /** The payment provider's webhook: its HMAC signature is the credential (PaymentSignatureGuard). */
  | { readonly kind: 'signed' }
  /** Stock reads: open when SHOPSTREAM_PUBLIC_STOCK is on, else these scopes. */
  | { readonly kind: 'stock'; readonly scopes: readonly Scope[] };

export const Requires = (scopes: readonly Scope[], customer?: 'checked' | { param: string }) =>
  SetMetadata(ACCESS_RULE, {
    kind: 'scopes',
    scopes,
    ...(customer ? { customer } : {}),
  } satisfies AccessRule);

export const OpenRoute = (group: OpenRouteGroup) =>
  SetMetadata(ACCESS_RULE, { kind: 'open', group } satisfies AccessRule);

export const SignedRoute = () => SetMetadata(ACCESS_RULE, { kind: 'signed' } satisfies AccessRule);

export const StockRead = (scopes: readonly Scope[]) =>
  SetMetadata(ACCESS_RULE, { kind: 'stock', scopes } satisfies AccessRule);

/** The request's principal, as the access guard set it; null on open routes called without a credential. */
export interface AuthenticatedRequest {
  principal?: Principal | null;
}

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal | null =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().principal ?? null,
);
