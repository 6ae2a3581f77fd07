import { z } from 'zod';
import { FieldProblem, ValidationFailedError } from '@shopstream/http';

/** The problems of one zod parse, each named by the parameter at fault. */
export function problemsOf(error: z.ZodError, fallback: string): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : fallback,
    message: issue.message,
  }));
}

/**
 * Parses path and query parameters together, so one 400 names every invalid parameter. `extraProblems` are those
 * found elsewhere (the consistency token), reported in the same answer.
 */
export function parseParams<P extends z.ZodType, Q extends z.ZodType>(
  path: { readonly schema: P; readonly value: unknown } | null,
  query: { readonly schema: Q; readonly value: unknown } | null,
  extraProblems: readonly FieldProblem[] = [],
): { path: z.infer<P>; query: z.infer<Q> } {
  const problems: FieldProblem[] = [];
  const p = path ? path.schema.safeParse(path.value) : null;
  const q = query ? query.schema.safeParse(query.value) : null;
  if (p && !p.success) problems.push(...problemsOf(p.error, '(path)'));
  if (q && !q.success) problems.push(...problemsOf(q.error, '(query)'));
  problems.push(...extraProblems);
  if (problems.length > 0) throw new ValidationFailedError(problems, 'parameter');
  return { path: p?.data as z.infer<P>, query: q?.data as z.infer<Q> };
}
