const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** A size as PostgreSQL's pg_size_pretty writes it: powers of 1024, whole numbers below ten of the next unit. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (unit < UNITS.length - 1 && Math.abs(value) >= 10 * 1024) {
    value /= 1024;
    unit++;
  }
  return `${Math.round(value)} ${UNITS[unit]}`;
}
