import { FactoryProvider } from '@nestjs/common';
import { createOrderFlowCommands, OrderFlowCommandPort } from '@shopstream/order-flow';
import { CommerceApiConfig } from '../commerce-api.config';
import { ShutdownHooks } from '../lifecycle/shutdown-hooks';
import { COMMERCE_API_CONFIG, ORDER_FLOW_COMMANDS } from './order-flow.token';

/** The real order flow (PostgreSQL + outbox + Kafka); the one place the API constructs it. */
export const orderFlowCommandsProvider: FactoryProvider<OrderFlowCommandPort> = {
  provide: ORDER_FLOW_COMMANDS,
  inject: [COMMERCE_API_CONFIG, ShutdownHooks],
  useFactory: async (config: CommerceApiConfig, hooks: ShutdownHooks): Promise<OrderFlowCommandPort> => {
    const flow = await createOrderFlowCommands(config.platform);
    hooks.add(() => flow.close());
    return flow.commands;
  },
};
