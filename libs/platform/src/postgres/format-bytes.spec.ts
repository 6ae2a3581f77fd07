import { formatBytes } from './format-bytes';

describe('formatBytes', () => {
  it('keeps bytes below ten kilobytes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(8192)).toBe('8192 B');
  });

  it('moves to the next unit from ten of it', () => {
    expect(formatBytes(10 * 1024)).toBe('10 kB');
    expect(formatBytes(24 * 1024 * 1024)).toBe('24 MB');
    expect(formatBytes(3 * 1024 ** 4)).toBe('3072 GB');
  });
});
