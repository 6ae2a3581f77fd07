import type * as http from 'node:http';
import type { Logger } from '@shopstream/logging';
import type { Subscription } from '../subscribe/subscription';

/**
 * On SIGTERM or SIGINT: stop taking events, let the handler calls under way finish, commit, leave the groups,
 * close the server, then run `after` (close a pool) and exit 0. A second signal exits at once.
 */
export function stopOnSignal(options: {
  readonly subscriptions: readonly Subscription[];
  readonly server?: http.Server;
  readonly logger: Logger;
  readonly after?: () => Promise<void>;
}): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    options.logger.info({ signal }, 'stopping: finishing the events under way');
    void (async () => {
      try {
        await Promise.all(options.subscriptions.map((s) => s.stop()));
        await new Promise<void>((resolve) =>
          options.server ? options.server.close(() => resolve()) : resolve(),
        );
        await options.after?.();
        options.logger.info('stopped');
        process.exit(0);
      } catch (error) {
        options.logger.error({ err: error }, 'stopping failed');
        process.exit(1);
      }
    })();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
