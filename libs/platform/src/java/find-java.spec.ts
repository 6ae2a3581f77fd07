import { parseJavaMajor } from './find-java';

describe('parseJavaMajor', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "25.0.3" 2026-04-21 LTS', 25],
    ['java version "1.8.0_402"', 8],
    ['openjdk version "21" 2023-09-19', 21],
  ])('reads %s as %i', (output, major) => expect(parseJavaMajor(output)).toBe(major));

  it('gives null for output that is not a Java version', () =>
    expect(parseJavaMajor('bash: java: not found')).toBeNull());
});
