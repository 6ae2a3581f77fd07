import {
  AuthenticationRequiredError,
  NotYourOrderError,
  RateLimitedError,
  ScopeMissingError,
} from '@shopstream/access';

export interface AccessErrorResponse {
  readonly status: 401 | 403 | 429;
  readonly body: { error: string; message: string; scopesNeeded?: readonly string[] };
  readonly headers: Record<string, string>;
}

/** The answer to a refused credential, or null for any other error; bodies never repeat the credential. */
export function accessErrorResponse(error: unknown): AccessErrorResponse | null {
  if (error instanceof AuthenticationRequiredError)
    return {
      status: 401,
      body: {
        error: error.code,
        message: error.message,
        ...(Array.isArray(error.scopesNeeded) ? { scopesNeeded: error.scopesNeeded } : {}),
      },
      headers: { 'WWW-Authenticate': 'Bearer realm="shopstream"' },
    };
  if (error instanceof ScopeMissingError)
    return {
      status: 403,
      body: { error: error.code, message: error.message, scopesNeeded: error.scopesNeeded },
      headers: {},
    };
  if (error instanceof NotYourOrderError)
    return { status: 403, body: { error: error.code, message: error.message }, headers: {} };
  if (error instanceof RateLimitedError)
    return {
      status: 429,
      body: { error: error.code, message: error.message },
      headers: { 'Retry-After': String(error.retryAfterS) },
    };
  return null;
}
