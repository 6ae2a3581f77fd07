import { FactoryProvider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createLogger, lineLogger } from '@shopstream/logging';
import { PublicationWaiter } from '@shopstream/order-flow';
import { AppliedPositionsStore, PositionWaiter } from '@shopstream/projections';
import { CommerceApiConfig } from '../commerce-api.config';
import { ShutdownHooks } from '../lifecycle/shutdown-hooks';
import { COMMERCE_API_CONFIG } from '../order-flow/order-flow.token';
import { READ_MODELS_DB } from './read-models.provider';

/** Injection tokens: the process's shared position waiter, its settings (tests shorten them), and publications. */
export const POSITION_WAITER = Symbol('POSITION_WAITER');
export const READ_WAIT_SETTINGS = Symbol('READ_WAIT_SETTINGS');
export const PUBLICATIONS = Symbol('PUBLICATIONS');

export interface ReadWaitSettings {
  /** How long one request may wait in all before it is answered as behind. */
  readonly limitMs: number;
  /** How often the one shared check runs while anyone waits. */
  readonly pollMs: number;
  /** Requests waiting at once; one more is refused (503) rather than queued. */
  readonly maxWaiting: number;
}

/**
 * A token's event is normally applied well within the limit; the cap keeps waiters far below what would hold up
 * every other request (each waiter holds an HTTP socket; the checks share one connection of the pool).
 */
export const DEFAULT_READ_WAIT_SETTINGS: ReadWaitSettings = { limitMs: 5_000, pollMs: 25, maxWaiting: 200 };

export const readWaitSettingsProvider = { provide: READ_WAIT_SETTINGS, useValue: DEFAULT_READ_WAIT_SETTINGS };

/** The engine's PositionWaiter, as the query API uses it: one loop reads every waited checkpoint per tick. */
export const positionWaiterProvider: FactoryProvider<PositionWaiter> = {
  provide: POSITION_WAITER,
  inject: [READ_MODELS_DB, READ_WAIT_SETTINGS, ShutdownHooks],
  useFactory: (dataSource: DataSource, settings: ReadWaitSettings, hooks: ShutdownHooks): PositionWaiter => {
    const logger = createLogger('commerce-api');
    const waiter = new PositionWaiter(
      new AppliedPositionsStore({
        query: (text, params) => dataSource.query(text, params ? [...params] : undefined),
      }),
      { pollMs: settings.pollMs, maxWaiting: settings.maxWaiting },
      (error) =>
        logger.warn({ err: error }, 'checking read positions failed; waiting reads answer as behind'),
    );
    hooks.add(() => Promise.resolve(waiter.close()));
    return waiter;
  },
};

/**
 * Where the processor's reactions land in the log: a read waiting for a payment or shipment to show on its order
 * waits for the order's reaction to be published (one LISTEN session per process, woken by the relay).
 */
export const publicationsProvider: FactoryProvider<PublicationWaiter> = {
  provide: PUBLICATIONS,
  inject: [COMMERCE_API_CONFIG, ShutdownHooks],
  useFactory: async (config: CommerceApiConfig, hooks: ShutdownHooks): Promise<PublicationWaiter> => {
    const url = config.platform.database.apps.commerceApi.url;
    const waiter = new PublicationWaiter(url, lineLogger(createLogger('read-wait')), 'commerce-api reads');
    await waiter.start();
    hooks.add(() => waiter.stop());
    return waiter;
  },
};
