/** `orders` → `Orders`: the prefix of a context's union type. */
export const pascalCase = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** `orders` → `ORDERS`: the prefix of a context's constants. */
export const constantCase = (word: string): string => word.toUpperCase();

/** A TypeScript string literal; prettier settles the quote style. */
export const stringLiteral = (text: string): string => JSON.stringify(text);

/**
 * A TSDoc block from paragraphs (empty strings are dropped). `*\/` inside a doc would end the comment early, so it
 * is broken up; a block that fits one line is kept on one line, as hand-written TSDoc would be.
 */
export function tsDoc(paragraphs: readonly string[], indent = ''): string {
  const blocks = paragraphs.filter((p) => p.trim() !== '').map((p) => p.trim().replace(/\*\//g, '*\\/'));
  if (!blocks.length) return '';
  const lines = blocks.flatMap((block, i) => [
    ...(i ? [''] : []),
    ...block.split(/\r?\n/).map((l) => l.trimEnd()),
  ]);
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} *${l ? ` ${l}` : ''}`).join('\n')}\n${indent} */\n`;
}
