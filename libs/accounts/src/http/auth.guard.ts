import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AuthenticatedAccount } from '../domain/account';
import { ForbiddenError } from '../domain/account-errors';
import { Authenticator } from '../authenticator';
import { ADMIN_ROUTE, PUBLIC_ROUTE } from './account.decorators';

/** Every route but the public ones: sets `request.account`, or refuses with 401 (or 403 for admin routes). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { account?: AuthenticatedAccount }>();
    const account = await this.authenticator.authenticate(request.headers);
    if (this.reflector.getAllAndOverride<boolean>(ADMIN_ROUTE, targets) && this.authenticator.mode === 'required' && !account.admin) {
      throw new ForbiddenError(`${request.method} ${request.routeOptions.url ?? request.url}`);
    }
    request.account = account;
    return true;
  }
}
