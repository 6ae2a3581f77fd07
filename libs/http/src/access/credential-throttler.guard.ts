import { ExecutionContext, Injectable } from '@nestjs/common';
import { principalId, RateLimitedError } from '@shopstream/access';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import type { IncomingMessage } from 'node:http';
import { AuthenticatedRequest } from './access.decorators';

/**
 * Rate limits per credential rather than per address: every customer behind one shop front's address keeps its
 * own budget, and one leaked key can't use up another's. Requests without a credential (public stock) count per
 * address.
 */
@Injectable()
export class CredentialThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = (request as AuthenticatedRequest).principal;
    if (principal) return principalId(principal);
    return `ip:${(request as unknown as IncomingMessage).socket?.remoteAddress ?? 'unknown'}`;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new RateLimitedError(Math.max(1, Math.ceil(detail.timeToBlockExpire)));
  }
}
