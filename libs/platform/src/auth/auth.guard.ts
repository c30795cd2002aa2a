import { createParamDecorator, ExecutionContext, Inject, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../event-store.module';
import { ProblemException } from '../http/problem-details.filter';
import type { Principal } from './principal';

const PUBLIC = 'ntm:public';
/** Marks a route that needs no token (health, API docs). Everything else does. */
export const Public = () => SetMetadata(PUBLIC, true);

const FAILURE_WINDOW_MS = 60_000;

@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    try {
      return (await super.canActivate(context)) as boolean;
    } catch (err) {
      if (err instanceof UnauthorizedException) await this.countFailure(context);
      throw err;
    }
  }

  /**
   * Failed authentications are counted per address; past the limit the address is answered 429 for a minute, so
   * guessing tokens or replaying stolen expired ones costs the guesser time and floods no log.
   */
  private async countFailure(context: ExecutionContext): Promise<void> {
    const limit = this.config.AUTH_FAILURES_PER_MINUTE;
    if (limit === 0) return;
    const req = context.switchToHttp().getRequest<Request>();
    const r = await this.storage.increment(`auth-failures:${req.ip ?? 'unknown'}`, FAILURE_WINDOW_MS, limit, FAILURE_WINDOW_MS, 'auth-failures');
    if (!r.isBlocked) return;
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(r.timeToBlockExpire));
    throw new ProblemException(429, 'AUTH.TOO_MANY_FAILURES', `too many failed authentications from this address; retry in ${r.timeToBlockExpire} s`);
  }
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<{ user: Principal }>().user;
});
