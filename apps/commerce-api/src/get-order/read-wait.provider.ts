import { FactoryProvider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ShutdownHooks } from '../lifecycle/shutdown-hooks';
import { READ_MODELS_DB } from './read-models.provider';
import { ReadWait, ReadWaitSettings } from './read-wait';

/** Injection tokens: the shared read-your-writes wait, and its settings (tests shorten them). */
export const READ_WAIT = Symbol('READ_WAIT');
export const READ_WAIT_SETTINGS = Symbol('READ_WAIT_SETTINGS');

/**
 * A token's event is normally applied well within the limit; the cap keeps waiters far below what would hold up
 * every other request (each waiter holds an HTTP socket; the checks share one connection of the pool).
 */
export const DEFAULT_READ_WAIT_SETTINGS: ReadWaitSettings = { limitMs: 5_000, pollMs: 25, maxWaiting: 200 };

export const readWaitSettingsProvider = { provide: READ_WAIT_SETTINGS, useValue: DEFAULT_READ_WAIT_SETTINGS };

export const readWaitProvider: FactoryProvider<ReadWait> = {
  provide: READ_WAIT,
  inject: [READ_MODELS_DB, READ_WAIT_SETTINGS, ShutdownHooks],
  useFactory: (dataSource: DataSource, settings: ReadWaitSettings, hooks: ShutdownHooks): ReadWait => {
    const wait = new ReadWait(
      { query: (text, params) => dataSource.query(text, params ? [...params] : undefined) },
      settings,
    );
    hooks.add(() => Promise.resolve(wait.close()));
    return wait;
  },
};
