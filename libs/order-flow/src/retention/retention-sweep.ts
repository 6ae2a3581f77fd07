import { SqlExecutor } from '@shopstream/database';
import { PlatformConfig } from '@shopstream/config';
import { Ledger } from '@shopstream/projections';
import { describeRetention, runRetention } from './retention-pass';

/**
 * Runs a retention pass every interval, the first one an interval after start (a process that only lives for a
 * moment, such as a test's, never deletes anything). A pass that fails is logged and tried again at the next tick.
 */
export class RetentionSweep {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly options: {
      readonly sql: SqlExecutor;
      readonly brokers: readonly string[];
      readonly retention: PlatformConfig['retention'];
      readonly processorLedger: Ledger;
      readonly log: (line: string) => void;
    },
  ) {}

  start(): void {
    this.schedule();
  }

  /** Stops the timer and waits for a pass in flight, which ends after its current batch. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.running = this.pass().finally(() => {
        this.running = null;
        this.schedule();
      });
    }, this.options.retention.intervalMs);
  }

  private async pass(): Promise<void> {
    try {
      const report = await runRetention({ ...this.options, stopped: () => this.stopping });
      this.options.log(describeRetention(report));
    } catch (error) {
      this.options.log(
        `retention: pass failed (${error instanceof Error ? error.message : String(error)}); ` +
          `it runs again in ${Math.round(this.options.retention.intervalMs / 1000)} s, nothing half-deleted stays`,
      );
    }
  }
}
