/**
 * Rows sorted by their key before a multi-row upsert. Partitions are applied concurrently and several of them update
 * the same aggregate rows (a day, a product hour); taking the row locks in one global order means two transactions
 * wait for each other instead of deadlocking.
 */
export function byKey<T>(rows: readonly T[], key: (row: T) => string): T[] {
  return [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
