import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticatedAccount } from '../domain/account';
import { ForbiddenError, RateLimitedError, RateLimitKind, RateLimitState } from '../domain/account-errors';
import { Authenticator, presentedKey } from '../authenticator';
import { RateLimiter } from '../rate-limit/rate-limiter';
import { ADMIN_ROUTE, PUBLIC_ROUTE, RATE_LIMIT_KIND } from './account.decorators';

type AccountRequest = FastifyRequest & { account?: AuthenticatedAccount };

/**
 * Every route but the public ones: decides the account the request acts for (401 without a valid
 * key in required mode; 403 on an admin route without an admin key), spends one request of that
 * account's allowance for the route's kind (429 past it) and sets the RateLimit-* headers.
 *
 * One guard rather than two, and synchronous when there is nothing to look up (open mode, no key,
 * no limit): it runs on every request.
 */
@Injectable()
export class AccountGuard implements CanActivate {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly limiter: RateLimiter,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<AccountRequest>();
    const kind =
      this.reflector.getAllAndOverride<RateLimitKind>(RATE_LIMIT_KIND, targets) ??
      (request.method === 'GET' || request.method === 'HEAD' ? 'reads' : 'orders');
    const admin = this.reflector.getAllAndOverride<boolean>(ADMIN_ROUTE, targets) ?? false;
    const anonymous = presentedKey(request.headers) === undefined ? this.authenticator.anonymous : undefined;
    if (anonymous && !admin && perSecond(anonymous, kind) === 0) {
      request.account = anonymous;
      return true;
    }
    return this.admit(request, http.getResponse<FastifyReply>(), kind, admin);
  }

  private async admit(request: AccountRequest, reply: FastifyReply, kind: RateLimitKind, admin: boolean): Promise<boolean> {
    const account = await this.authenticator.authenticate(request.headers);
    if (admin && this.authenticator.mode === 'required' && !account.admin) {
      throw new ForbiddenError(`${request.method} ${request.routeOptions.url ?? request.url}`);
    }
    request.account = account;
    const outcome = await this.limiter.take(account.id, kind, perSecond(account, kind));
    if (!outcome) return true;
    if (!outcome.allowed) throw new RateLimitedError(outcome.state);
    setRateLimitHeaders(reply, outcome.state);
    return true;
  }
}

function perSecond(account: AuthenticatedAccount, kind: RateLimitKind): number {
  return kind === 'orders' ? account.limits.ordersPerSecond : account.limits.readsPerSecond;
}

/** The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers), in whole seconds. */
export function setRateLimitHeaders(reply: { header(name: string, value: string): unknown }, state: RateLimitState): void {
  reply.header('RateLimit-Policy', `${state.limit};w=1`);
  reply.header('RateLimit-Limit', String(state.limit));
  reply.header('RateLimit-Remaining', String(state.remaining));
  reply.header('RateLimit-Reset', String(Math.ceil(state.resetMs / 1000)));
}
