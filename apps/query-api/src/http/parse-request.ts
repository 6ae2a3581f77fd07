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
 * Query parameters the endpoint does not take: a misspelt `limt=5` would otherwise be ignored without a word and the
 * client would never learn why its filter did nothing. `after` and `waitMs` are taken off before this is called.
 */
export function unknownParameters(schema: z.ZodType | undefined, value: object): FieldProblem[] {
  const known = schema ? parameterNames(schema) : [];
  // A schema whose keys can't be listed (none today) is left to its own checks.
  if (known === null) return [];
  const takes = [...known, 'after', 'waitMs'].join(', ');
  return Object.keys(value)
    .filter((name) => !known.includes(name))
    .map((name) => ({ field: name, message: `unknown parameter; this endpoint takes ${takes}` }));
}

/** The keys an object schema takes, through intersections, refinements, pipes and defaults; null if not an object. */
function parameterNames(schema: z.ZodType): string[] | null {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape as object);
  if (schema instanceof z.ZodIntersection) {
    const left = parameterNames(schema.def.left as z.ZodType);
    const right = parameterNames(schema.def.right as z.ZodType);
    return left && right ? [...new Set([...left, ...right])] : null;
  }
  if (schema instanceof z.ZodPipe) return parameterNames(schema.def.in as z.ZodType);
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional)
    return parameterNames(schema.def.innerType as z.ZodType);
  return null;
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
