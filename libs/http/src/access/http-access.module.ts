import {
  DynamicModule,
  ExecutionContext,
  Inject,
  Injectable,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { createCredentialVerifier } from '@shopstream/access';
import { PlatformConfig } from '@shopstream/config';
import { createLogger } from '@shopstream/logging';
import { Pool } from 'pg';
import { ACCESS_RULE, AccessRule, AuthenticatedRequest } from './access.decorators';
import { AccessGuard } from './access.guard';
import { CREDENTIAL_VERIFIER, SECURITY_CONFIG } from './access.tokens';
import { CredentialThrottlerGuard } from './credential-throttler.guard';
import { FixedWindowStorage } from './fixed-window-storage';

const ACCESS_POOL = Symbol('ACCESS_POOL');

const logger = createLogger('access');

/** Closes the key lookups' connections with the app. */
@Injectable()
class AccessPoolLifecycle implements OnApplicationShutdown {
  constructor(@Inject(ACCESS_POOL) private readonly pool: Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

function ruleOf(context: ExecutionContext): AccessRule | undefined {
  return (Reflect.getMetadata(ACCESS_RULE, context.getHandler()) ??
    Reflect.getMetadata(ACCESS_RULE, context.getClass())) as AccessRule | undefined;
}

/**
 * Credentials, scopes and rate limits on every route of the app that imports it (global guards): the access guard
 * first, so the rate limit counts per credential. API keys are looked up on a small pool of its own.
 */
@Module({})
export class HttpAccessModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    const { rateLimit } = config.security;
    return {
      module: HttpAccessModule,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [
            {
              ttl: rateLimit.windowMs,
              limit: (context: ExecutionContext) =>
                context.switchToHttp().getRequest<AuthenticatedRequest>().principal?.kind === 'api-key'
                  ? rateLimit.apiKey
                  : rateLimit.customer,
            },
          ],
          // Probes, scrapes and the payment provider's signed calls are not a credential's traffic.
          skipIf: (context) => {
            const kind = ruleOf(context)?.kind;
            return kind === 'open' || kind === 'signed';
          },
          storage: new FixedWindowStorage(),
          // A limit per route and credential, as the throttler's default key; that one is a SHA-256 of the same
          // string on every request, while the counts live in this process's memory anyway.
          generateKey: (context, tracker, name) =>
            `${context.getClass().name}-${context.getHandler().name}-${name}-${tracker}`,
        }),
      ],
      providers: [
        { provide: SECURITY_CONFIG, useValue: config.security },
        {
          provide: ACCESS_POOL,
          useFactory: () => {
            const pool = new Pool({
              connectionString: config.database.url,
              max: 2,
              application_name: 'shopstream access',
            });
            // An idle connection PostgreSQL drops (a restart, a terminated backend) is reported here; without a
            // listener that event kills the process. The pool replaces the connection at the next key lookup.
            pool.on('error', (error) =>
              logger.warn(
                { err: error },
                'an idle key-lookup connection to PostgreSQL was lost; reconnecting',
              ),
            );
            return pool;
          },
        },
        AccessPoolLifecycle,
        {
          provide: CREDENTIAL_VERIFIER,
          inject: [ACCESS_POOL],
          useFactory: (pool: Pool) =>
            createCredentialVerifier(config.security, config.home, {
              query: async <R>(text: string, params?: readonly unknown[]) =>
                (await pool.query(text, params ? [...params] : undefined)).rows as R[],
            }),
        },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_GUARD, useClass: CredentialThrottlerGuard },
      ],
      exports: [CREDENTIAL_VERIFIER, SECURITY_CONFIG],
    };
  }
}
