import { Controller, Get, NotFoundException, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PublicRoute } from '@app/accounts';
import { EngineMetrics } from '@app/observability';

/**
 * GET /metrics: Prometheus' text format, for a scraper. Public like the probes (no account data is
 * in it: no ids, no amounts); keep it off the public network (docs/observability.md).
 */
@Controller('metrics')
@PublicRoute()
export class MetricsController {
  constructor(private readonly metrics: EngineMetrics) {}

  @Get()
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (!this.metrics.enabled) throw new NotFoundException('metrics are off (METRICS_ENABLED=false)');
    const text = await this.metrics.metrics();
    reply.header('content-type', this.metrics.contentType);
    return text;
  }
}
