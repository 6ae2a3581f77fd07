/** Delays between reconnection attempts: doubling from `initialMs`, capped at `maxMs`, reset after a success. */
export class ReconnectBackoff {
  private next: number;

  constructor(
    private readonly initialMs = 250,
    private readonly maxMs = 5_000,
  ) {
    this.next = initialMs;
  }

  delay(): number {
    const current = this.next;
    this.next = Math.min(this.next * 2, this.maxMs);
    return current;
  }

  reset(): void {
    this.next = this.initialMs;
  }
}
