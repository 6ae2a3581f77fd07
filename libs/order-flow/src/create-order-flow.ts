import { PlatformConfig } from '@shopstream/config';
import { createDataSource } from '@shopstream/database';
import { createLogger, lineLogger } from '@shopstream/logging';
import { createEventCodec } from '@shopstream/events';
import { OrderFlowCommandPort } from './commands/commands.port';
import { OrderFlowCommands } from './commands/order-flow-commands';
import { OutboxRelay } from './outbox/outbox-relay';
import { PublicationWaiter } from './outbox/publication-waiter';

export interface OrderFlowCommandsHandle {
  readonly commands: OrderFlowCommandPort;
  readonly relay: OutboxRelay;
  close(): Promise<void>;
}

/**
 * Everything the commerce API needs to run commands. It also runs an outbox relay: only one relay publishes at a
 * time (leader lock), so with the processor up this one stands by, and without it the API still gets its events out.
 */
export async function createOrderFlowCommands(
  config: PlatformConfig,
  options: { readonly poolSize?: number; readonly holdIdle?: boolean } = {},
): Promise<OrderFlowCommandsHandle> {
  const dataSource = createDataSource(config.database.apps.commerceApi.url, {
    poolSize: options.poolSize ?? 20,
    holdIdle: options.holdIdle,
  });
  await dataSource.initialize();
  const log = lineLogger(createLogger('order-flow'));
  const waiter = new PublicationWaiter(config.database.apps.commerceApi.url, log);
  await waiter.start();
  const relay = new OutboxRelay({
    databaseUrl: config.database.apps.commerceApi.url,
    brokers: config.kafka.brokers,
    producers: config.orderFlow.relayProducers,
    log,
    onRecorded: (positions) => waiter.recorded(positions),
  });
  await relay.start();
  const commands = new OrderFlowCommands(
    dataSource,
    createEventCodec(config.registry.url),
    waiter,
    config.orderFlow.publishTimeoutMs,
  );
  return {
    commands,
    relay,
    close: async () => {
      await relay.stop();
      await waiter.stop();
      await dataSource.destroy();
    },
  };
}
