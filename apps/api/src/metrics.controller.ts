import { Controller, Get, NotFoundException, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PublicRoute } from '@app/accounts';
import { ApiErrors, ApiExampleRequests } from '@app/common';
import { EngineMetrics } from '@app/observability';

/**
 * GET /metrics: Prometheus' text format, for a scraper. Public like the probes (no account data is
 * in it: no ids, no amounts); keep it off the public network (docs/observability.md).
 */
@ApiTags('Health')
@ApiSecurity({})
@Controller('metrics')
@PublicRoute()
export class MetricsController {
  constructor(private readonly metrics: EngineMetrics) {}

  @Get()
  @ApiOperation({
    operationId: 'metrics',
    summary: 'Prometheus metrics',
    description:
      'No key needed. Every metric, its type and labels: docs/observability.md. ' +
      'A 404 when the engine runs with `METRICS_ENABLED=false`.',
  })
  @ApiProduces('text/plain')
  @ApiResponse({
    status: 200,
    description: "Prometheus' text exposition format, version 0.0.4.",
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @ApiErrors('URI_TOO_LONG', 'INTERNAL_ERROR')
  @ApiExampleRequests({ scrape: { summary: 'A scrape', status: 200 } })
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (!this.metrics.enabled) throw new NotFoundException('metrics are off (METRICS_ENABLED=false)');
    const text = await this.metrics.metrics();
    reply.header('content-type', this.metrics.contentType);
    return text;
  }
}
