import { constantCase, pascalCase, tsDoc } from './typescript-text';

describe('tsDoc', () => {
  it('writes nothing when there is nothing to say', () => {
    expect(tsDoc(['', '  '])).toBe('');
  });

  it('keeps one line on one line and separates paragraphs with a blank line', () => {
    expect(tsDoc(['One.'], '  ')).toBe('  /** One. */\n');
    expect(tsDoc(['One.', 'Two\nlines.'])).toBe('/**\n * One.\n *\n * Two\n * lines.\n */\n');
  });
});

describe('names', () => {
  it('derives the union and constant prefixes of a context', () => {
    expect(pascalCase('orders')).toBe('Orders');
    expect(constantCase('orders')).toBe('ORDERS');
  });
});
