import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createLogger } from '@shopstream/logging';

/** Closes what factories opened (the connection pool, the position waiter), in reverse order, when the app closes. */
@Injectable()
export class ShutdownHooks implements OnApplicationShutdown {
  private readonly hooks: (() => Promise<void>)[] = [];
  private readonly logger = createLogger('query-api');

  add(hook: () => Promise<void>): void {
    this.hooks.push(hook);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const hook of this.hooks.reverse())
      await hook().catch((error: unknown) => this.logger.error({ err: error }, 'shutdown step failed'));
  }
}
