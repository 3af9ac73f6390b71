import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { PublicRoute } from '@app/accounts';
import { ApiErrors, ApiExampleRequests, checkServices } from '@app/common';
import { liveness, ProcessLifecycle, readiness } from '@app/observability';
import { ORDER_EVENTS_REDIS } from '@app/orders';

type CheckState = 'up' | 'down';

class HealthChecks {
  @ApiProperty({ enum: ['up', 'down'] }) postgres: CheckState;
  @ApiProperty({ enum: ['up', 'down'] }) redis: CheckState;
}

/** The answer of GET /health, for the OpenAPI document. */
class HealthResponse {
  @ApiProperty({ enum: ['ok', 'unavailable'] })
  status: string;

  @ApiPropertyOptional({
    type: [String],
    enum: ['postgres', 'redis'],
    description: 'With 503: what did not answer within 1 s.',
  })
  down?: string[];

  @ApiProperty({ type: HealthChecks })
  checks: HealthChecks;
}

/** The answer of GET /health/live. */
class LiveResponse {
  @ApiProperty({ enum: ['ok'] })
  status: string;
}

/** The answer of GET /health/ready. */
class ReadyResponse {
  @ApiProperty({ enum: ['ready', 'unavailable', 'draining'] })
  status: string;

  @ApiPropertyOptional({ enum: ['DEPENDENCY_UNAVAILABLE', 'DRAINING'], description: 'With 503: why.' })
  code?: string;

  @ApiPropertyOptional({ description: 'With 503: what is wrong, for people.' })
  message?: string;

  @ApiPropertyOptional({
    type: [String],
    enum: ['postgres', 'redis'],
    description: 'With DEPENDENCY_UNAVAILABLE: what did not answer within 1 s.',
  })
  down?: string[];

  @ApiPropertyOptional({ type: HealthChecks, description: 'Unless draining: each dependency.' })
  checks?: HealthChecks;

  @ApiPropertyOptional({ format: 'date-time', description: 'With DRAINING: when the stop signal arrived.' })
  since?: string;
}

/**
 * GET /health: 200 { status: 'ok' } when Postgres and Redis answer, else 503 naming what is down
 * (the original contract, unchanged). GET /health/live and /health/ready: the Kubernetes-style
 * probes (docs/observability.md#health-probes).
 */
@ApiTags('Health')
@ApiSecurity({})
@Controller('health')
@PublicRoute()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(ORDER_EVENTS_REDIS) private readonly redis: Redis,
    private readonly lifecycle: ProcessLifecycle,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'health',
    summary: 'Whether Postgres and Redis answer',
    description: 'No key needed, in any mode.',
  })
  @ApiResponse({ status: 200, type: HealthResponse, description: 'Both answer.' })
  @ApiResponse({
    status: 503,
    type: HealthResponse,
    description: 'A dependency did not answer within 1 s: `down` names it.',
  })
  @ApiErrors('URI_TOO_LONG', 'INTERNAL_ERROR')
  @ApiExampleRequests({ up: { summary: 'A healthy engine', status: 200 } })
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
  @ApiOperation({
    operationId: 'healthLive',
    summary: 'Liveness probe: the process serves',
    description: 'No key needed. Does not look at Postgres or Redis; answered until the process exits.',
  })
  @ApiResponse({ status: 200, type: LiveResponse, description: 'The process serves.' })
  @ApiErrors('URI_TOO_LONG', 'INTERNAL_ERROR')
  @ApiExampleRequests({ live: { summary: 'A serving process', status: 200 } })
  live(@Res({ passthrough: true }) reply: FastifyReply) {
    const answer = liveness();
    reply.status(answer.status);
    return answer.body;
  }

  /** Readiness: Postgres and Redis answer and the process is not draining (503 from SIGTERM on). */
  @Get('ready')
  @ApiOperation({
    operationId: 'healthReady',
    summary: 'Readiness probe: dependencies answer and not draining',
    description:
      'No key needed. 503 `DRAINING` from the stop signal on, so that no new work is sent while ' +
      'running orders finish.',
  })
  @ApiResponse({ status: 200, type: ReadyResponse, description: 'Postgres and Redis answer; not draining.' })
  @ApiResponse({
    status: 503,
    type: ReadyResponse,
    description: '`DEPENDENCY_UNAVAILABLE` (`down` names what did not answer within 1 s) or `DRAINING`.',
  })
  @ApiErrors('URI_TOO_LONG', 'INTERNAL_ERROR')
  @ApiExampleRequests({ ready: { summary: 'A ready engine', status: 200 } })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const answer = await readiness(this.lifecycle, this.dependencies());
    reply.status(answer.status);
    return answer.body;
  }

  private dependencies() {
    return { postgres: () => this.db.query('SELECT 1'), redis: () => this.redis.ping() };
  }
}
