import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiSecurity,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { PublicRoute } from '@app/accounts';
import { ApiErrors, ApiExampleRequests, ErrorBody, withTimeout } from '@app/common';
import { ORDER_EVENTS_REDIS } from '@app/orders';

const CHECK_TIMEOUT_MS = 1000;

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

/** GET /health: 200 { status: 'ok' } when Postgres and Redis answer, else 503 naming what is down. */
@ApiTags('Health')
@ApiSecurity({})
@Controller('health')
@PublicRoute()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(ORDER_EVENTS_REDIS) private readonly redis: Redis,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'health',
    summary: 'Whether Postgres and Redis answer',
    description: 'No key needed, in any mode.',
  })
  @ApiResponse({ status: 200, type: HealthResponse, description: 'Both answer.' })
  @ApiExtraModels(HealthResponse, ErrorBody)
  @ApiResponse({
    status: 503,
    description:
      'A dependency did not answer within 1 s: `down` names it. Or the api is stopping: `SHUTTING_DOWN`, with Retry-After.',
    schema: {
      oneOf: [
        { $ref: getSchemaPath(HealthResponse) },
        {
          allOf: [
            { $ref: getSchemaPath(ErrorBody) },
            { type: 'object', properties: { code: { type: 'string', enum: ['SHUTTING_DOWN'] } } },
          ],
        },
      ],
    },
  })
  @ApiErrors('URI_TOO_LONG', 'INTERNAL_ERROR')
  @ApiExampleRequests({ up: { summary: 'A healthy engine', status: 200 } })
  async check(@Res({ passthrough: true }) reply: FastifyReply) {
    const [postgres, redis] = await Promise.all([
      probe(() => this.db.query('SELECT 1')),
      probe(() => this.redis.ping()),
    ]);
    const checks = { postgres, redis };
    const down = Object.entries(checks)
      .filter(([, state]) => state === 'down')
      .map(([name]) => name);
    if (down.length === 0) return { status: 'ok', checks };
    reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: 'unavailable', down, checks };
  }
}

async function probe(check: () => Promise<unknown>): Promise<CheckState> {
  try {
    await withTimeout(check(), CHECK_TIMEOUT_MS, 'health check');
    return 'up';
  } catch {
    return 'down';
  }
}
