import { FactoryProvider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource } from '@shopstream/database';
import { CommerceApiConfig } from '../commerce-api.config';
import { ShutdownHooks } from '../lifecycle/shutdown-hooks';
import { COMMERCE_API_CONFIG } from '../order-flow/order-flow.token';

/** Injection token of the connection pool queries read the read models through. */
export const READ_MODELS_DB = Symbol('READ_MODELS_DB');

export const readModelsDbProvider: FactoryProvider<DataSource> = {
  provide: READ_MODELS_DB,
  inject: [COMMERCE_API_CONFIG, ShutdownHooks],
  useFactory: async (config: CommerceApiConfig, hooks: ShutdownHooks): Promise<DataSource> => {
    const dataSource = createDataSource(config.platform.database.apps.commerceApi.url, { poolSize: 10 });
    await dataSource.initialize();
    hooks.add(() => dataSource.destroy());
    return dataSource;
  },
};
