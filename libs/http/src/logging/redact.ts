/**
 * Where credentials can sit in a request's log line: pino's `redact` paths, for every logger that may log a
 * request or its headers. Request serializers already leave headers out; this holds if one ever logs them.
 */
export const CREDENTIAL_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-payment-signature"]',
  'headers.authorization',
  'authorization',
  'apiKey',
  'token',
  'access_token',
] as const;

/** A URL as it may be logged: an `access_token` query value (live upgrades from browsers) replaced. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]access_token=)[^&#]*/gi, '$1[REDACTED]');
}
