import { FactoryProvider, Provider } from '@nestjs/common';
import { createDataSource } from '@shopstream/database';
import { createLogger } from '@shopstream/logging';
import { AppliedPositionsStore, listenForApplied, PositionWaiter } from '@shopstream/projections';
import { SqlExecutor } from '@shopstream/database';
import { createReadStores, ReadModelNames, ReadStores } from '@shopstream/queries';
import { DataSource } from 'typeorm';
import { ShutdownHooks } from '../lifecycle/shutdown-hooks';
import { QueryApiConfig } from '../query-api.config';
import { POSITION_WAITER, QUERY_API_CONFIG, READ_MODELS_DB, READ_STORES } from '../query-api.tokens';

const executor = (dataSource: DataSource): SqlExecutor => ({
  query: (text, params) => dataSource.query(text, params ? [...params] : undefined),
});

const readModelsDb: FactoryProvider<DataSource> = {
  provide: READ_MODELS_DB,
  inject: [QUERY_API_CONFIG, ShutdownHooks],
  useFactory: async (config: QueryApiConfig, hooks: ShutdownHooks): Promise<DataSource> => {
    const dataSource = createDataSource(config.platform.database.apps.queryApi.url, {
      poolSize: config.databasePoolSize,
    });
    await dataSource.initialize();
    hooks.add(() => dataSource.destroy());
    return dataSource;
  },
};

const readStores: FactoryProvider<ReadStores> = {
  provide: READ_STORES,
  inject: [READ_MODELS_DB, QUERY_API_CONFIG],
  useFactory: (dataSource: DataSource, config: QueryApiConfig) =>
    createReadStores(executor(dataSource), new ReadModelNames(config.namespace)),
};

const positionWaiter: FactoryProvider<PositionWaiter> = {
  provide: POSITION_WAITER,
  inject: [READ_MODELS_DB, QUERY_API_CONFIG, ShutdownHooks],
  useFactory: async (dataSource: DataSource, config: QueryApiConfig, hooks: ShutdownHooks) => {
    const logger = createLogger('query-api');
    const waiter = new PositionWaiter(
      new AppliedPositionsStore(executor(dataSource)),
      { pollMs: config.wait.pollMs, maxWaiting: config.wait.maxWaiting },
      (error) =>
        logger.warn({ err: error }, 'checking read positions failed; waiting queries answer as behind'),
    );
    // The projector's commits wake the waiting queries; without them they would wait for the next poll.
    const wakeUps = await listenForApplied(waiter, config.platform.database.apps.queryApi.url, (line) =>
      logger.warn(line),
    );
    hooks.add(async () => {
      waiter.close();
      await wakeUps.stop();
    });
    return waiter;
  },
};

export const READ_MODEL_PROVIDERS: Provider[] = [readModelsDb, readStores, positionWaiter];
