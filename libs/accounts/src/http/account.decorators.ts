import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { AuthenticatedAccount } from '../domain/account';
import { RateLimitKind } from '../domain/account-errors';

export const PUBLIC_ROUTE = Symbol('PUBLIC_ROUTE');
export const ADMIN_ROUTE = Symbol('ADMIN_ROUTE');
export const RATE_LIMIT_KIND = Symbol('RATE_LIMIT_KIND');

/** No key needed, in any mode, and no rate limit: health checks, documentation, metrics. */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * Operator endpoints (simulation controls, queue views): in AUTH_MODE=required only an admin key
 * may call them; in open mode, like everything, anyone.
 */
export const AdminRoute = () => SetMetadata(ADMIN_ROUTE, true);

/** Which allowance a route spends; by default GET spends `reads` and every other method `orders`. */
export const RateLimited = (kind: RateLimitKind) => SetMetadata(RATE_LIMIT_KIND, kind);

/** The account the request acts for (set by AuthGuard). */
export const CurrentAccount = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthenticatedAccount =>
    (ctx.switchToHttp().getRequest<{ account: AuthenticatedAccount }>()).account,
);
