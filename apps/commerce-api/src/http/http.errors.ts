/** The payment webhook's signature is missing or wrong (401). */
export class SignatureInvalidError extends Error {
  readonly code = 'SIGNATURE_INVALID';
  constructor(problem: string) {
    super(
      `${problem}. Sign "<unix seconds>.<raw request body>" with HMAC-SHA256 and the shared webhook secret, ` +
        'and send it as X-Signature: t=<unix seconds>,v1=<hex digest>.',
    );
    this.name = 'SignatureInvalidError';
  }
}
