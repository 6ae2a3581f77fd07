/**
 * A map that can undo its writes back to a mark. A reaction changes several rows in memory before it can fail
 * (shipped, then committing stock refused); undoing to the mark keeps a refused reaction from leaving half of its
 * changes behind to be saved with the batch.
 */
export class JournaledMap<V> {
  private readonly undo: [string, V | undefined][] = [];

  constructor(private readonly map: Map<string, V> = new Map()) {}

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  set(key: string, value: V): void {
    this.undo.push([key, this.map.get(key)]);
    this.map.set(key, value);
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }

  mark(): number {
    return this.undo.length;
  }

  rollbackTo(mark: number): void {
    while (this.undo.length > mark) {
      const [key, previous] = this.undo.pop()!;
      if (previous === undefined) this.map.delete(key);
      else this.map.set(key, previous);
    }
  }
}
