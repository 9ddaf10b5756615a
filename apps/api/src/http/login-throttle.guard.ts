import { DomainError } from '@desk/common';
import { AppConfig } from '@desk/config';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { createHash } from 'node:crypto';

/** The window (and the longest block) of both sign-in counters. */
export const LOGIN_WINDOW_MS = 60_000;

/**
 * Sign-in and password-reset attempts, counted in Redis (shared by every api replica) twice: per
 * client address across all accounts (LOGIN_ADDRESS_RATE_LIMIT a minute: spraying many accounts
 * from one address stops), and per account across all addresses (LOGIN_RATE_LIMIT a minute:
 * guessing one password from many addresses stops). A blocked counter answers 429 with
 * Retry-After; a block ends with its one-minute window, so nobody can lock a user out for long.
 */
@Injectable()
export class LoginThrottleGuard implements CanActivate {
  constructor(
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest();
    const prefix = `${this.config.QUEUE_PREFIX}:login`;
    const email =
      typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase().slice(0, 254) : '';
    const counters: [string, number][] = [
      [`${prefix}:address:${req.ip}`, this.config.LOGIN_ADDRESS_RATE_LIMIT],
    ];
    if (email) {
      const account = createHash('sha256').update(email).digest('hex').slice(0, 32);
      counters.push([`${prefix}:account:${account}`, this.config.LOGIN_RATE_LIMIT]);
    }
    let wait = 0;
    for (const [key, limit] of counters) {
      const hit = await this.storage.increment(key, LOGIN_WINDOW_MS, limit, LOGIN_WINDOW_MS, 'login');
      if (hit.isBlocked) wait = Math.max(wait, hit.timeToBlockExpire);
    }
    if (wait > 0) throw DomainError.tooMany(`Too many sign-in attempts; try again in ${wait} s`, wait);
    return true;
  }
}
