import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';

/**
 * For a route whose JSON body is optional: a request without one is read as `{}`. Interceptors run
 * before pipes, so the validation pipe then checks `{}` against the DTO instead of refusing a
 * missing body.
 */
@Injectable()
export class EmptyBodyAsObject implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ body?: unknown }>();
    request.body ??= {};
    return next.handle();
  }
}
