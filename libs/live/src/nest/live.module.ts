import { DynamicModule, Module } from '@nestjs/common';
import { LiveConfig } from '../config/live-config';
import { LiveServer } from '../live-server';
import { LiveController } from './live.controller';
import { LiveLifecycle } from './live-lifecycle';
import { LIVE_CONFIG } from './live.tokens';

/**
 * Live push: import `LiveModule.forRoot(config)` into any Nest app on the express or ws adapter and it serves
 * ws://<host>:<port>/live, the page at / and /live.html and its metrics at /live/metrics, on that app's HTTP server.
 */
@Module({})
export class LiveModule {
  static forRoot(config: LiveConfig): DynamicModule {
    return {
      module: LiveModule,
      controllers: [LiveController],
      providers: [
        { provide: LIVE_CONFIG, useValue: config },
        { provide: LiveServer, useFactory: () => new LiveServer(config) },
        LiveLifecycle,
      ],
      exports: [LiveServer],
    };
  }
}
