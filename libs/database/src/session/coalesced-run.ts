/**
 * Runs an idempotent check one at a time, and coalesces requests: callers asking while a run is under way share the
 * one run that starts after it, since the current run may have read its data before their reason to ask existed (a
 * notification arriving mid-query). Many requests during one run cost one more run, not one each.
 */
export class CoalescedRun {
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  constructor(private readonly work: () => Promise<void>) {}

  /** Resolves after a run that started after this call has finished; a failed run rejects its callers. */
  request(): Promise<void> {
    if (!this.running) return this.start();
    this.next ??= this.running.then(
      () => this.start(),
      () => this.start(),
    );
    return this.next;
  }

  private start(): Promise<void> {
    this.next = null;
    const run = this.work().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }
}
