import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { Readiness } from './readiness';
import { OpenRoute } from '@shopstream/http';

@Controller()
@OpenRoute('health')
export class HealthController {
  constructor(@Inject(Readiness) private readonly readiness: Readiness) {}

  /** Liveness: the process answers HTTP. */
  @Get('health')
  health(): { readonly status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: Kafka and the registry answer; 503 otherwise, so a load balancer sends traffic elsewhere. */
  @Get('ready')
  async ready(@Res() response: ServerResponse): Promise<void> {
    const report = await this.readiness.check();
    // Written by hand: Nest would overwrite a status set on a passthrough response with the route's 200.
    response.statusCode = report.ready ? 200 : 503;
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.end(JSON.stringify(report));
  }
}
