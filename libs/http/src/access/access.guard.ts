import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  AuthenticationRequiredError,
  credentialFrom,
  CredentialVerifier,
  holdsAny,
  ScopeMissingError,
  NotYourOrderError,
  SCOPES,
} from '@shopstream/access';
import { SecurityConfig } from '@shopstream/config';
import type { IncomingMessage } from 'node:http';
import { ACCESS_RULE, AccessRule, AuthenticatedRequest } from './access.decorators';
import { CREDENTIAL_VERIFIER, SECURITY_CONFIG } from './access.tokens';

type Request = IncomingMessage & AuthenticatedRequest & { params?: Record<string, string> };

/**
 * Every route's door: open groups (health, metrics, docs, as configured) and signed webhooks pass; otherwise a
 * valid credential is required (401), holding one of the route's scopes (403), or a customer token where the route
 * lets customers act on their own orders. A route without a rule is refused, so a new route is closed until it
 * says who may call it.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(CREDENTIAL_VERIFIER) private readonly verifier: CredentialVerifier,
    @Inject(SECURITY_CONFIG) private readonly security: SecurityConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<Request>();
    request.principal = null;
    if (rule?.kind === 'signed') return true;
    if (rule?.kind === 'open' && this.security.openRoutes.includes(rule.group)) return true;
    // Public stock: anyone may read it, but a caller that sends a credential is checked and then counted against its
    // own rate budget (not its address's), and a bad credential is refused rather than ignored.
    const publicStock = rule?.kind === 'stock' && this.security.publicStock;
    if (publicStock && !headerOf(request, 'authorization')) return true;

    const credential = credentialFrom(headerOf(request, 'authorization'));
    // A group that is not open is still an operator's: any API key may call it. No rule at all: admin only.
    const needed = !rule ? (['admin'] as const) : rule.kind === 'open' ? SCOPES : rule.scopes;
    if (!credential)
      throw new AuthenticationRequiredError(
        headerOf(request, 'authorization')
          ? 'The Authorization header is not "Bearer <credential>"'
          : 'No credential',
        needed,
      );
    const principal = await this.verifier.verify(credential);
    if (!principal)
      throw new AuthenticationRequiredError(
        'The credential is not valid (unknown, revoked or expired)',
        needed,
      );
    request.principal = principal;
    if (publicStock || holdsAny(principal, needed)) return true;
    if (principal.kind === 'customer' && rule?.kind === 'scopes' && rule.customer) {
      if (rule.customer === 'checked') return true;
      const named = request.params?.[rule.customer.param];
      if (named === principal.customerId) return true;
      throw new NotYourOrderError(`customer ${named ?? '(none)'}`);
    }
    throw new ScopeMissingError(needed);
  }
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
