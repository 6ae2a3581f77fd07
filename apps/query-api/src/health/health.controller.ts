import { Controller, Get, Inject, Res } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { READ_MODELS_DB } from '../query-api.tokens';
import { OpenRoute } from '@shopstream/http';
import type { HttpResponse } from '../http/http-request';

@Controller()
@OpenRoute('health')
export class HealthController {
  constructor(@Inject(READ_MODELS_DB) private readonly dataSource: DataSource) {}

  /** Liveness: the process answers HTTP. */
  @Get('health')
  health(): { readonly status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: PostgreSQL answers; 503 otherwise, so a load balancer sends traffic to another instance. */
  @Get('ready')
  async ready(
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<{ readonly ready: boolean; readonly database: 'up' | 'down' }> {
    let database: 'up' | 'down' = 'up';
    try {
      await this.dataSource.query('select 1');
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      database = 'down';
    }
    response.status(database === 'up' ? 200 : 503);
    return { ready: database === 'up', database };
  }
}
