import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { DataSource } from 'typeorm';
import { READ_MODELS_DB } from '../query-api.tokens';
import { OpenRoute } from '@shopstream/http';

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
  async ready(@Res() response: ServerResponse): Promise<void> {
    let database: 'up' | 'down' = 'up';
    try {
      await this.dataSource.query('select 1');
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      database = 'down';
    }
    response.statusCode = database === 'up' ? 200 : 503;
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.end(JSON.stringify({ ready: database === 'up', database }));
  }
}
