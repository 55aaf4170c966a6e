import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { HealthService, Metrics, Public } from '@app/platform';
import { LiveResponse, ReadinessResponse } from './health.responses';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly metrics: Metrics,
  ) {}

  @Get('health/live')
  @Public()
  @ApiOperation({ summary: 'Liveness probe', description: 'Answers while the process runs, without touching PostgreSQL or Redis: restart the container only when this fails.' })
  @ApiOkResponse({ description: 'the process is up', type: LiveResponse })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @Public()
  @ApiOperation({ summary: 'Readiness probe', description: 'Checks PostgreSQL and Redis (each within 2 seconds) and reports the age of the worker\'s heartbeat: send traffic only while this is 200.' })
  @ApiOkResponse({ description: 'PostgreSQL and Redis answer; the worker heartbeat age is reported', type: ReadinessResponse })
  @ApiServiceUnavailableResponse({ description: 'PostgreSQL or Redis is down: the same checks, saying which', type: ReadinessResponse })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const readiness = await this.health.readiness();
    if (readiness.status !== 'ok') reply.status(503);
    return readiness;
  }

  @Get('metrics')
  @Public()
  @ApiExcludeEndpoint()
  @Header('content-type', 'text/plain; version=0.0.4')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
