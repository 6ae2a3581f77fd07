interface Pending<Request, Result> {
  readonly request: Request;
  readonly resolve: (result: Result) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Runs requests in batches: while one batch is under way the requests that arrive wait, and are then run together.
 * A burst of thousands of requests (a reconnect storm) costs a handful of runs, while a lone request runs at once.
 */
export class CoalescingBatcher<Request, Result> {
  private pending: Pending<Request, Result>[] = [];
  private running = false;

  /** `run` answers every request of a batch, in the order given. */
  constructor(private readonly run: (requests: readonly Request[]) => Promise<readonly Result[]>) {}

  submit(request: Request): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        try {
          const results = await this.run(batch.map((p) => p.request));
          batch.forEach((p, i) => p.resolve(results[i]!));
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
