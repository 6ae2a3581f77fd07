/** The payment webhook's signature is missing or wrong (401). */
export class SignatureInvalidError extends Error {
  readonly code = 'SIGNATURE_INVALID';
  constructor(problem: string) {
    super(
      `${problem}. Sign the raw request body with HMAC-SHA256 and the shared webhook secret, ` +
        'and send it as X-Signature: sha256=<hex digest>.',
    );
    this.name = 'SignatureInvalidError';
  }
}
