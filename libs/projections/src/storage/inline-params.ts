/**
 * A parameterised statement as plain SQL, its `$n` replaced by literals, so several statements can share one
 * simple-query round trip (node-postgres sends one statement with parameters per round trip, and cannot pipeline).
 *
 * Each value becomes the text node-postgres would have sent for it, as an untyped literal: PostgreSQL resolves an
 * untyped literal from its context exactly as it does an untyped parameter, so `$1::text[]`, `values ($2)` and
 * `where x = $3` mean what they meant. Literals are E'…' strings with backslash and quote escaped, whatever
 * standard_conforming_strings says.
 */
export function inlineParams(text: string, params: readonly unknown[] = []): string {
  let out = '';
  let i = 0;
  const copyUntil = (end: number) => {
    out += text.slice(i, end);
    i = end;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'") copyUntil(endOfQuoted(text, i, "'", isEscapeString(text, i) ? '\\' : undefined));
    else if (c === '"') copyUntil(endOfQuoted(text, i, '"'));
    else if (c === '-' && text[i + 1] === '-') copyUntil(lineEnd(text, i));
    else if (c === '/' && text[i + 1] === '*') copyUntil(blockCommentEnd(text, i));
    else if (c === '$' && !/[\w$]/.test(text[i - 1] ?? '')) {
      const placeholder = /^\$(\d+)/.exec(text.slice(i, i + 12));
      if (placeholder) {
        const n = Number(placeholder[1]);
        if (n < 1 || n > params.length)
          throw new Error(
            `inlineParams: $${n} has no parameter (${params.length} given) in: ${text.slice(0, 200)}`,
          );
        out += literalOf(params[n - 1]);
        i += placeholder[0].length;
      } else copyUntil(dollarQuotedEnd(text, i));
    } else copyUntil(i + 1);
  }
  return out;
}

/** `value` as a SQL literal holding the text node-postgres would send for it, or NULL. */
export function literalOf(value: unknown): string {
  if (Array.isArray(value)) return `E'${arrayText(value)}'`;
  const text = parameterText(value);
  if (text === null) return 'NULL';
  // In E'…' both a quote and a backslash are escaped by doubling.
  return `E'${text.replace(/[\\']/g, '$&$&')}'`;
}

/** The text form of a scalar parameter, as node-postgres prepares it (Dates as ISO instants, objects as JSON). */
function parameterText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value as string | number | bigint | boolean);
}

/**
 * An array in PostgreSQL's text form, already escaped for the E'…' around it, in one pass over each element: a
 * quote or backslash is escaped for the array (`\"`, `\\`), then each backslash and quote doubled for the literal.
 * Arrays are most of what a batch sends, so the second pass over the whole text that literalOf would make is saved.
 */
function arrayText(values: readonly unknown[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    if (Array.isArray(v)) out += arrayText(v);
    // A number's text needs neither quotes nor escapes.
    else if (typeof v === 'number' || typeof v === 'bigint') out += String(v);
    else {
      const text = parameterText(v);
      out += text === null ? 'NULL' : `"${text.replace(/[\\"']/g, escapeInArrayLiteral)}"`;
    }
  }
  return `${out}}`;
}

const escapeInArrayLiteral = (c: string) => (c === "'" ? "''" : c === '"' ? '\\\\"' : '\\\\\\\\');

/** `E'…'` (not the end of an identifier such as `date'…'`): backslash escapes apply inside. */
function isEscapeString(text: string, quote: number): boolean {
  return /[eE]/.test(text[quote - 1] ?? '') && !/[\w$]/.test(text[quote - 2] ?? '');
}

/** Index just past a quoted run starting at `start`: a doubled quote stays inside, as may an escaped one. */
function endOfQuoted(text: string, start: number, quote: string, escape?: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (escape && text[i] === escape) i++;
    else if (text[i] === quote) {
      if (text[i + 1] === quote) i++;
      else return i + 1;
    }
  }
  throw new Error(`inlineParams: unterminated ${quote} in: ${text.slice(start, start + 200)}`);
}

function lineEnd(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end < 0 ? text.length : end + 1;
}

function blockCommentEnd(text: string, start: number): number {
  const end = text.indexOf('*/', start + 2);
  if (end < 0) throw new Error(`inlineParams: unterminated comment in: ${text.slice(start, start + 200)}`);
  return end + 2;
}

/** `$tag$ … $tag$` is copied whole; a lone `$` is just a character (inside an identifier, `$` always is). */
function dollarQuotedEnd(text: string, start: number): number {
  const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(start, start + 64))?.[0];
  if (!tag) return start + 1;
  const end = text.indexOf(tag, start + tag.length);
  if (end < 0) throw new Error(`inlineParams: unterminated ${tag} in: ${text.slice(start, start + 200)}`);
  return end + tag.length;
}
