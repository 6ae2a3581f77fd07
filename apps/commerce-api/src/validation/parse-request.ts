import { z } from 'zod';
import { FieldProblem, ValidationFailedError } from '@shopstream/http';

/** Field path as a client writes it: `lines[0].quantity`; the body itself is `(body)`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  const text = path.reduce<string>(
    (acc, part) =>
      typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part),
    '',
  );
  return text || '(body)';
}

// Messages for the type errors no field rule words itself: a missing field, or a value of the wrong JSON type.
const messages: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'is required';
    return `must be ${issue.expected === 'object' || issue.expected === 'array' ? 'an' : 'a'} ${issue.expected}`;
  }
  return undefined;
};

/**
 * Every invalid field of the input, each once with its first problem (a field failing two checks reads better as
 * one message); an unknown key is a problem of its own.
 */
export function problemsOf(error: z.ZodError): FieldProblem[] {
  const all = error.issues.flatMap((issue): FieldProblem[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: fieldPath([...issue.path, key]), message: 'is not a known field' }))
      : [{ field: fieldPath(issue.path), message: issue.message }],
  );
  const seen = new Set<string>();
  return all.filter((problem) => !seen.has(problem.field) && seen.add(problem.field));
}

export function safeParseRequest<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; value: z.output<S> } | { ok: false; problems: FieldProblem[] } {
  const result = schema.safeParse(input, { error: messages });
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, problems: problemsOf(result.error) };
}

/** Parses `input` or throws ValidationFailedError listing every invalid field. */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = safeParseRequest(schema, input);
  if (!result.ok) throw new ValidationFailedError(result.problems);
  return result.value;
}
