/**
 * Sizes the transactions a projection applies: grows while a transaction stays under the target time (catching up
 * from far behind, fewer and bigger transactions win), halves when one runs long (keeps locks and latency short).
 */
export class BatchSizer {
  private current: number;

  constructor(
    private readonly min = 50,
    private readonly max = 20_000,
    private readonly targetMs = 250,
    initial = 1_000,
  ) {
    this.current = Math.min(max, Math.max(min, initial));
  }

  get size(): number {
    return this.current;
  }

  record(events: number, elapsedMs: number): void {
    if (events < this.current / 2) return; // A small batch says nothing about capacity.
    if (elapsedMs > this.targetMs * 2) this.current = Math.max(this.min, Math.floor(this.current / 2));
    else if (elapsedMs < this.targetMs) this.current = Math.min(this.max, Math.ceil(this.current * 1.5));
  }
}
