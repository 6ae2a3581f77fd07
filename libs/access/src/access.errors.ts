import { Scope } from './scopes';

/** No credential, or one that does not check out (401). The message never repeats the credential. */
export class AuthenticationRequiredError extends Error {
  readonly code = 'AUTHENTICATION_REQUIRED';
  constructor(
    readonly reason: string,
    readonly scopesNeeded: readonly Scope[] | 'customer-or-scope',
  ) {
    super(
      `${reason}. Send "Authorization: Bearer <api key or customer token>"; create a key with ` +
        '`shopstream keys create --name <name> --scopes <scopes>`.',
    );
    this.name = 'AuthenticationRequiredError';
  }
}

/** A valid credential without the scope the route needs (403). */
export class ScopeMissingError extends Error {
  readonly code = 'SCOPE_MISSING';
  constructor(readonly scopesNeeded: readonly Scope[]) {
    super(
      `This credential may not do this: it needs one of the scopes ${scopesNeeded.join(', ')} (or admin). ` +
        'Use a key that has it, or create one with `shopstream keys create --scopes ...`.',
    );
    this.name = 'ScopeMissingError';
  }
}

/** A customer token asked for another customer's order or channel (403). */
export class NotYourOrderError extends Error {
  readonly code = 'NOT_YOUR_ORDER';
  constructor(what: string) {
    super(`A customer token acts only on its own customer's orders; ${what} is not one of them.`);
    this.name = 'NotYourOrderError';
  }
}

/** Too many requests for one credential (429); Retry-After says when to try again. */
export class RateLimitedError extends Error {
  readonly code = 'RATE_LIMITED';
  constructor(readonly retryAfterS: number) {
    super(`Too many requests for this credential; retry after ${retryAfterS} s or ask for a higher limit.`);
    this.name = 'RateLimitedError';
  }
}

/** `keys create` with a scope that does not exist, or a key id that is not one. */
export class InvalidKeyRequestError extends Error {
  readonly code = 'KEY_REQUEST_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidKeyRequestError';
  }
}

/** A production start with a development or missing secret; names the variable to set. */
export class InsecureProductionConfigError extends Error {
  readonly code = 'PRODUCTION_CONFIG_INSECURE';
  constructor(readonly problems: readonly string[]) {
    super(
      `Refusing to start in production mode:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        'Set the variable(s) above, or unset SHOPSTREAM_ENV/NODE_ENV=production for local development.',
    );
    this.name = 'InsecureProductionConfigError';
  }
}
