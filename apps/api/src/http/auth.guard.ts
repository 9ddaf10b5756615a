import { Actor, AuthService, OrgErrors, Role } from '@desk/org-auth';
import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@desk/common';

export const PUBLIC_ROUTE = 'public-route';
export const REQUIRED_ROLES = 'required-roles';
export const QUERY_TOKEN = 'query-token';

/** Marks a route that needs no token (login, health). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
/** Any of these roles may call the route (403 otherwise). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/**
 * The route also takes the token as `?access_token=` (EventSource cannot set headers). Only for
 * streams: a token in a URL ends up in logs and history, so ordinary routes refuse it.
 */
export const QueryTokenAllowed = () => SetMetadata(QUERY_TOKEN, true);

/** The request's bearer token: the Authorization header, or `?access_token=` where allowed. */
export function bearerToken(req: {
  headers: { authorization?: string };
  query?: unknown;
  queryTokenAllowed?: boolean;
}): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || undefined;
  if (!req.queryTokenAllowed) return undefined;
  const value = (req.query as Record<string, unknown> | undefined)?.access_token;
  return typeof value === 'string' && value.length ? value : undefined;
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest().actor;
});

/** Global guard: a bearer token is required unless the route is public; role checks when declared. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    req.queryTokenAllowed = this.reflector.getAllAndOverride<boolean>(QUERY_TOKEN, targets) === true;
    const token = bearerToken(req);
    if (!token) throw OrgErrors.invalidToken();
    req.actor = await this.auth.authenticate(token);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles?.length && !roles.some((r) => (req.actor as Actor).roles.includes(r))) {
      throw DomainError.forbidden(`This needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}
