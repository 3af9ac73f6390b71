import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { PublicRoute } from '@app/accounts';
import { checkServices } from '@app/common';
import { liveness, ProcessLifecycle, readiness } from '@app/observability';
import { ORDER_EVENTS_REDIS } from '@app/orders';

/**
 * GET /health: 200 { status: 'ok' } when Postgres and Redis answer, else 503 naming what is down
 * (the original contract, unchanged). GET /health/live and /health/ready: the Kubernetes-style
 * probes (docs/observability.md#health-probes).
 */
@Controller('health')
@PublicRoute()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(ORDER_EVENTS_REDIS) private readonly redis: Redis,
    private readonly lifecycle: ProcessLifecycle,
  ) {}

  @Get()
  async check(@Res({ passthrough: true }) reply: FastifyReply) {
    const checks = await checkServices(this.dependencies());
    const down = Object.entries(checks)
      .filter(([, state]) => state === 'down')
      .map(([name]) => name);
    if (down.length === 0) return { status: 'ok', checks };
    reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: 'unavailable', down, checks };
  }

  /** Liveness: the process serves. A failing one means restart it. */
  @Get('live')
  live(@Res({ passthrough: true }) reply: FastifyReply) {
    const answer = liveness();
    reply.status(answer.status);
    return answer.body;
  }

  /** Readiness: Postgres and Redis answer and the process is not draining (503 from SIGTERM on). */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const answer = await readiness(this.lifecycle, this.dependencies());
    reply.status(answer.status);
    return answer.body;
  }

  private dependencies() {
    return { postgres: () => this.db.query('SELECT 1'), redis: () => this.redis.ping() };
  }
}
