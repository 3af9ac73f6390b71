import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createRedis, DependencyUnavailableError, withTimeout } from '@app/common';
import { redisConfig, RedisConfig } from '@app/config';
import { AuthenticatedAccount } from '../domain/account';

/** How long a ticket may wait for its socket. */
export const WS_TICKET_TTL_S = 30;
const REDIS_TIMEOUT_MS = 1000;
const TICKET = /^[A-Za-z0-9_-]{43}$/;

export interface IssuedTicket {
  ticket: string;
  expiresAt: string;
}

/**
 * Browsers cannot set headers on a WebSocket: a client with a key first asks for a ticket (POST
 * /api/ws-tickets) and opens the socket with `?ticket=`. A ticket is 256 random bits, used once,
 * valid for 30 s, and kept in Redis so that any api process accepts it. The key itself never
 * appears in a URL.
 */
@Injectable()
export class WsTickets implements OnApplicationShutdown {
  private readonly redis: Redis;

  constructor(@Inject(redisConfig.KEY) private readonly cfg: RedisConfig) {
    this.redis = createRedis(cfg.endpoint, 'publisher');
    this.redis.on('error', () => undefined); // a failed call answers 503 / refuses the upgrade
  }

  async issue(account: AuthenticatedAccount): Promise<IssuedTicket> {
    const ticket = randomBytes(32).toString('base64url');
    await this.call(this.redis.set(this.key(ticket), JSON.stringify(account), 'EX', WS_TICKET_TTL_S));
    return { ticket, expiresAt: new Date(Date.now() + WS_TICKET_TTL_S * 1000).toISOString() };
  }

  /** The ticket's account, once: a second use, an expired or an unknown ticket gives undefined. */
  async redeem(ticket: string): Promise<AuthenticatedAccount | undefined> {
    if (!TICKET.test(ticket)) return undefined;
    const stored = await this.call(this.redis.getdel(this.key(ticket)));
    return stored ? (JSON.parse(stored) as AuthenticatedAccount) : undefined;
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  private key(ticket: string): string {
    return `${this.cfg.prefix}:ws-ticket:${ticket}`;
  }

  private async call<T>(command: Promise<T>): Promise<T> {
    try {
      return await withTimeout(command, REDIS_TIMEOUT_MS, 'ticket store');
    } catch (err) {
      throw new DependencyUnavailableError('redis', `the ticket store cannot reach Redis: ${(err as Error).message}`);
    }
  }
}
