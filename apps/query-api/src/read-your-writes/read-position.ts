import { decodeConsistencyToken, InvalidConsistencyTokenError, LogPosition } from '@shopstream/queries';
import { FieldProblem } from '@shopstream/http';

/** The header a client sends its command's consistency token in (or `?after=`). */
export const MIN_POSITION_HEADER = 'X-Min-Position';

/** What a query must reflect before it answers, and how long the client lets it wait. */
export interface ReadPosition {
  readonly positions: readonly LogPosition[];
  readonly waitMs: number;
}

/**
 * Reads the position a query must reflect from `X-Min-Position` and `?after=` (either, or both when they agree on
 * nothing in particular: every position of both counts) and `?waitMs=`; problems are returned, not thrown, so they
 * join the other parameters' in one 400.
 */
export function readPosition(
  header: string | string[] | undefined,
  after: unknown,
  waitMs: unknown,
  options: { readonly defaultTopic: string; readonly defaultWaitMs: number; readonly maxWaitMs: number },
): { readonly position: ReadPosition | null; readonly problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const positions: LogPosition[] = [];
  const take = (field: string, value: unknown) => {
    if (value === undefined) return;
    if (typeof value !== 'string') return problems.push({ field, message: 'must be given once' });
    try {
      positions.push(...decodeConsistencyToken(value, options.defaultTopic));
    } catch (error) {
      if (!(error instanceof InvalidConsistencyTokenError)) throw error;
      problems.push({ field, message: error.message });
    }
  };
  take(MIN_POSITION_HEADER, header);
  take('after', after);
  let wait = options.defaultWaitMs;
  if (waitMs !== undefined) {
    const parsed = typeof waitMs === 'string' && /^\d{1,6}$/.test(waitMs) ? Number(waitMs) : NaN;
    if (!(parsed <= options.maxWaitMs))
      problems.push({
        field: 'waitMs',
        message: `must be a whole number of milliseconds from 0 to ${options.maxWaitMs}`,
      });
    else wait = parsed;
  }
  const given = header !== undefined || after !== undefined;
  return { position: given && problems.length === 0 ? { positions, waitMs: wait } : null, problems };
}
