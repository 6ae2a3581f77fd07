/** One invalid input, named as the client sent it (`lines[0].quantity`, `Idempotency-Key`, `limit`). */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** The request is malformed (400); `fields` lists every problem at once so the client fixes them in one go. */
export class ValidationFailedError extends Error {
  readonly code = 'VALIDATION_FAILED';
  /** `noun` names what the API calls its inputs: a command's body has fields, a query has parameters. */
  constructor(
    readonly fields: readonly FieldProblem[],
    noun: 'field' | 'parameter' = 'field',
  ) {
    super(
      `The request has ${fields.length} invalid ${noun}${fields.length === 1 ? '' : 's'}: ` +
        `${fields.map((f) => `${f.field} ${f.message}`).join('; ')}. Fix them and send it again.`,
    );
    this.name = 'ValidationFailedError';
  }
}

/** The read models do not know the thing asked for (404). */
export class NotFoundError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'NotFoundError';
  }
}
