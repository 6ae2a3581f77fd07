import fc from 'fast-check';

/**
 * A path segment no id is: escapes no id decodes to (NUL, a control character, an encoded surrogate, bytes that are
 * not UTF-8) after a few ordinary characters, or an id far longer than any, URL-encoded.
 */
export const badId: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.string({ maxLength: 8 }), fc.constantFrom('%00', '%07', '%ED%A0%80', '%FF%FE', '%C0%AF'))
    .map(([a, bad]) => `${encodeURIComponent(a)}${bad}`),
  fc.string({ minLength: 300, maxLength: 400 }).map((long) => encodeURIComponent(long)),
);
