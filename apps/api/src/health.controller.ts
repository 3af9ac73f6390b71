import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { PublicRoute } from '@app/accounts';
import { withTimeout } from '@app/common';
import { ORDER_EVENTS_REDIS } from '@app/orders';

const CHECK_TIMEOUT_MS = 1000;

type CheckState = 'up' | 'down';

/** GET /health: 200 { status: 'ok' } when Postgres and Redis answer, else 503 naming what is down. */
@Controller('health')
@PublicRoute()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(ORDER_EVENTS_REDIS) private readonly redis: Redis,
  ) {}

  @Get()
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
