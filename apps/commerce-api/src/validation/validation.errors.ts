/** One invalid input, named by its path in the request (`lines[0].quantity`, `Idempotency-Key`). */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** The request is malformed (400); `fields` lists every problem at once so the client fixes them in one go. */
export class ValidationFailedError extends Error {
  readonly code = 'VALIDATION_FAILED';
  constructor(readonly fields: readonly FieldProblem[]) {
    super(
      `The request has ${fields.length} invalid field${fields.length === 1 ? '' : 's'}: ` +
        `${fields.map((f) => `${f.field} ${f.message}`).join('; ')}. Fix them and send it again.`,
    );
    this.name = 'ValidationFailedError';
  }
}
