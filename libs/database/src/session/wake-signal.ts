/**
 * Wakes a loop that sleeps between rounds of work. A signal that arrives while the loop is busy is kept, so its next
 * sleep returns at once: a notification that lands between "the queue was empty" and "go to sleep" is not lost to the
 * backstop timer.
 */
export class WakeSignal {
  private pending = false;
  private wake: (() => void) | null = null;

  signal(): void {
    this.pending = true;
    this.wake?.();
  }

  /**
   * Forgets signals given so far: call it before reading what they announce, so one given after the read still wakes
   * the next sleep.
   */
  clear(): void {
    this.pending = false;
  }

  /** Resolves after `ms`, or at the first signal given since the last clear (at once if one is already pending). */
  sleep(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        this.pending = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
