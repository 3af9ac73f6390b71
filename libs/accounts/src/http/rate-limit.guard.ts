import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticatedAccount } from '../domain/account';
import { RateLimitedError, RateLimitKind, RateLimitState } from '../domain/account-errors';
import { RateLimiter } from '../rate-limit/rate-limiter';
import { PUBLIC_ROUTE, RATE_LIMIT_KIND } from './account.decorators';

/**
 * After AuthGuard: spends one request of the account's allowance for the route's kind, sets the
 * RateLimit-* headers, and refuses with 429 past the limit.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { account: AuthenticatedAccount }>();
    const kind =
      this.reflector.getAllAndOverride<RateLimitKind>(RATE_LIMIT_KIND, targets) ??
      (request.method === 'GET' || request.method === 'HEAD' ? 'reads' : 'orders');
    const { account } = request;
    const perSecond = kind === 'orders' ? account.limits.ordersPerSecond : account.limits.readsPerSecond;
    const outcome = await this.limiter.take(account.id, kind, perSecond);
    if (!outcome) return true;
    if (!outcome.allowed) throw new RateLimitedError(outcome.state);
    setRateLimitHeaders(http.getResponse<FastifyReply>(), outcome.state);
    return true;
  }
}

/** The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers), in whole seconds. */
export function setRateLimitHeaders(reply: { header(name: string, value: string): unknown }, state: RateLimitState): void {
  reply.header('RateLimit-Policy', `${state.limit};w=1`);
  reply.header('RateLimit-Limit', String(state.limit));
  reply.header('RateLimit-Remaining', String(state.remaining));
  reply.header('RateLimit-Reset', String(Math.ceil(state.resetMs / 1000)));
}
