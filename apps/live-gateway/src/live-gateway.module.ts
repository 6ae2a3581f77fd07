import { DynamicModule, Module } from '@nestjs/common';
import { LiveConfig, LiveModule } from '@shopstream/live';

/** The gateway app is only LiveModule: the same module the query API imports to serve /live on its own port. */
@Module({})
export class LiveGatewayModule {
  static forRoot(config: LiveConfig): DynamicModule {
    return { module: LiveGatewayModule, imports: [LiveModule.forRoot(config)] };
  }
}
