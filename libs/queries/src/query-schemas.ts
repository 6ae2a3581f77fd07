import { z } from 'zod';

/** Shared pieces of the queries' parameter and answer schemas. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export const idParam = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

export const pageSize = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_PAGE_SIZE, `at most ${MAX_PAGE_SIZE}`)
  .default(DEFAULT_PAGE_SIZE);

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
