import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';

/** Closes what factories opened (the order flow's connections), in reverse order, when the app closes. */
@Injectable()
export class ShutdownHooks implements OnApplicationShutdown {
  private readonly hooks: (() => Promise<void>)[] = [];
  private readonly logger = new Logger('commerce-api');

  add(hook: () => Promise<void>): void {
    this.hooks.push(hook);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const hook of this.hooks.reverse()) {
      await hook().catch((error: unknown) => this.logger.error(`shutdown step failed: ${String(error)}`));
    }
  }
}
