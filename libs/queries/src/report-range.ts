import { z } from 'zod';
import { isoTime } from './query-schemas';

const DAY_MS = 86_400_000;

/** A [from, to) time range no longer than `maxDays`, both ends required; errors name the field at fault. */
export const timeRange = (maxDays: number) =>
  z
    .object({
      from: isoTime.describe('Start of the range (inclusive), ISO 8601 with offset.'),
      to: isoTime.describe('End of the range (exclusive), ISO 8601 with offset.'),
    })
    .superRefine((range, context) => {
      const span = Date.parse(range.to) - Date.parse(range.from);
      if (span <= 0) context.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
      else if (span > maxDays * DAY_MS)
        context.addIssue({
          code: 'custom',
          path: ['to'],
          message: `must be at most ${maxDays} days after from`,
        });
    });
