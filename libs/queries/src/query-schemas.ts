import { z } from 'zod';

/** Shared pieces of the queries' parameter and answer schemas. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export const idParam = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

/**
 * A count from 1 to MAX_PAGE_SIZE in decimal digits only: a plain number coercion would also take `0x10`, `1e1` or
 * ` 5 `.
 */
export const countParam = (fallback: number) =>
  z
    .string()
    .regex(/^[0-9]{1,9}$/, 'a whole number in decimal digits')
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_PAGE_SIZE, `at most ${MAX_PAGE_SIZE}`))
    .default(fallback);

export const pageSize = countParam(DEFAULT_PAGE_SIZE);

export const cursorParam = z.string().max(1024).optional();

export const isoTime = z.iso.datetime({ offset: true });
export const isoDate = z.iso.date();

export const moneySchema = z
  .object({ amountMinor: z.number().int(), currency: z.string() })
  .describe('An amount in the minor units of its ISO 4217 currency (cents for EUR).');

export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as ?cursor= for the next page; null on the last page.'),
  });
