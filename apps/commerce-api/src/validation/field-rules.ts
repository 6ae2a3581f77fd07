import { z } from 'zod';
import { ISO_3166_COUNTRIES } from './iso-3166-countries';
import { ISO_4217_CURRENCIES } from './iso-4217-currencies';

/** Field rules shared by the request DTOs, so one rule reads the same in every endpoint and in the OpenAPI document. */

const required = (what: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : what;

/**
 * Control characters other than tab and line breaks, and UTF-16 surrogates without their pair. PostgreSQL can store
 * neither (a NUL fails every text and jsonb column), so one accepted would fail the write side or, once published,
 * every read model that stores it.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSTORABLE_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\p{Cs}/u;

/**
 * A string trimmed of surrounding white space that must not be empty after trimming, and free of characters no
 * store can hold (see UNSTORABLE_CHARACTER).
 */
export const text = (maxLength: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(maxLength, `must be at most ${maxLength} characters`)
    .refine(
      (value) => !UNSTORABLE_CHARACTER.test(value),
      'must not contain control characters (such as NUL) other than tab and line breaks, nor unpaired surrogates',
    );

/** An id or key: visible characters only, no white space inside. */
export const identifier = (maxLength = 128) =>
  text(maxLength).regex(/^[\x21-\x7e]+$/, 'must be visible ASCII characters without spaces');

export const currencyCode = z.enum(ISO_4217_CURRENCIES, {
  error: required('must be an active ISO 4217 currency code in upper case, such as EUR or USD'),
});

export const countryCode = z.enum(ISO_3166_COUNTRIES, {
  error: required('must be an ISO 3166-1 alpha-2 country code in upper case, such as DE or US'),
});

export const MAX_LINE_QUANTITY = 10_000;

export const quantity = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(MAX_LINE_QUANTITY, `must be at most ${MAX_LINE_QUANTITY}`);

/** Money in minor units (cents): a whole number that survives a JSON round trip exactly. */
export const amountMinor = z
  .number()
  .int('must be a whole number of minor units')
  .min(0, 'must not be negative')
  .max(Number.MAX_SAFE_INTEGER, `must be at most ${Number.MAX_SAFE_INTEGER}`);

export const nonNegativeCount = z
  .number()
  .int('must be a whole number')
  .min(0, 'must not be negative')
  .max(2_147_483_647, 'must be at most 2147483647');

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: required(`must be one of ${values.join(', ')}`) });
