import { Clock, DomainError } from '@desk/common';
import { AppConfig } from '@desk/config';
import { TransactionRunner } from '@desk/database';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Actor } from './actor';
import { LoginDto } from './dto/login.dto';
import { OrgErrors } from './org-auth.errors';
import { OrgRepository, UserView } from './org.repository';
import { checkPassword } from './password-policy';
import { PasswordResetRepository } from './password-reset.repository';
import { PasswordHasher } from './password.hasher';
import { SessionRevocations } from './session-revocations';

// Verifying against a fixed hash when the email is unknown keeps response times alike, so timing
// does not reveal which emails exist.
const DUMMY_HASH =
  '$argon2id$v=19$m=65536,p=4,t=3$MovRbd45OLlWCLU2tAfVYg$TsUzIbPnRSxZXoUHR+QQaCY4EOtA7keQn3ucLyJwK00';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How long a mailed password-reset link works. */
export const PASSWORD_RESET_TTL_MS = 30 * 60_000;

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** Who asked for a reset and the token to mail them (only its hash is stored). */
export interface PasswordResetGrant {
  userId: string;
  email: string;
  name: string;
  locale: string;
  token: string;
  expiresAt: Date;
}

/** Tokens remembered as verified per process (about 200 bytes each); cleared when full. */
const VERIFIED_TOKENS_MAX = 10_000;

@Injectable()
export class AuthService {
  private readonly verified = new Map<string, { sub: string; sv: number; exp: number }>();

  constructor(
    private readonly repo: OrgRepository,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly tx: TransactionRunner,
    private readonly revocations: SessionRevocations,
    private readonly clock: Clock,
    private readonly resets: PasswordResetRepository,
  ) {}

  async login(dto: LoginDto): Promise<{ accessToken: string; user: UserView }> {
    const credentials = await this.repo.findCredentials(dto.email);
    const ok = await this.hasher.verify(credentials?.passwordHash ?? DUMMY_HASH, dto.password);
    if (!credentials || !ok || !credentials.active) throw OrgErrors.badCredentials();
    const user = (await this.repo.findUserView(credentials.id))!;
    return { accessToken: await this.issueToken(user.id, credentials.sessionVersion), user };
  }

  /** A signed token for the user's current session version; it expires after JWT_TTL. */
  issueToken(userId: string, sessionVersion: number): Promise<string> {
    return this.jwt.signAsync(
      { sub: userId, sv: sessionVersion },
      { expiresIn: this.config.JWT_TTL as never },
    );
  }

  /**
   * Resolves a bearer token to the current state of its user. Refused: no `exp`, expired, a subject
   * that is not a user, a deactivated user, or a session version other than the user's (the
   * password, roles or active flag changed since the token was issued).
   */
  async authenticate(token: string): Promise<Actor> {
    const { sub, sv } = await this.verifiedClaims(token);
    // The user's current state (session version, active) is read for every request: from the
    // repository's short per-process cache, which a change anywhere clears at once (pub/sub).
    const actor = await this.repo.findActor(sub);
    if (!actor || !actor.active || actor.sessionVersion !== sv) throw OrgErrors.invalidToken();
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { active, sessionVersion, ...rest } = actor;
    return rest;
  }

  /**
   * The claims of a token whose signature and shape were checked. A token is checked once per
   * process and then remembered until it expires (the HMAC and JSON parsing were the guard's main
   * cost); the expiry is compared on every call, like the JWT library does.
   */
  private async verifiedClaims(token: string): Promise<{ sub: string; sv: number }> {
    const known = this.verified.get(token);
    if (known) {
      if (Math.floor(Date.now() / 1000) < known.exp) return known;
      this.verified.delete(token);
      throw OrgErrors.invalidToken();
    }
    let payload: { sub?: unknown; sv?: unknown; exp?: unknown };
    try {
      payload = await this.jwt.verifyAsync(token, { algorithms: ['HS256'] });
    } catch {
      throw OrgErrors.invalidToken();
    }
    const { sub, exp } = payload;
    const sv = payload.sv ?? 0;
    if (typeof exp !== 'number') throw OrgErrors.invalidToken();
    // A signed token whose subject is not one of our user ids is as bad as a forged one.
    if (typeof sub !== 'string' || !UUID.test(sub) || typeof sv !== 'number' || !Number.isSafeInteger(sv))
      throw OrgErrors.invalidToken();
    if (this.verified.size >= VERIFIED_TOKENS_MAX) this.verified.clear();
    const claims = { sub, sv, exp };
    this.verified.set(token, claims);
    return claims;
  }

  /** The signed-in user changes their password; every earlier token (this one too) stops working. */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    const credentials = await this.repo.findCredentialsById(actor.id);
    if (!credentials || !(await this.hasher.verify(credentials.passwordHash, currentPassword)))
      throw DomainError.invalidField('currentPassword', 'currentPassword is wrong');
    checkPassword(newPassword, credentials.email, 'newPassword');
    if (currentPassword === newPassword)
      throw DomainError.invalidField('newPassword', 'newPassword must differ from the current one');
    const hash = await this.hasher.hash(newPassword);
    await this.tx.run((em) => this.repo.setPassword(em, actor.id, hash));
    await this.revocations.announce(actor.id);
  }

  /**
   * Records a reset for an active user with this email, inside the caller's transaction (which also
   * writes the mail); null when there is no such user (the caller answers the same either way).
   */
  async createPasswordReset(em: EntityManager, email: string): Promise<PasswordResetGrant | null> {
    const credentials = await this.repo.findCredentials(email);
    if (!credentials?.active) return null;
    const user = (await this.repo.findUserView(credentials.id, em))!;
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + PASSWORD_RESET_TTL_MS);
    await this.resets.insert(em, user.id, sha256(token), expiresAt);
    return { userId: user.id, email: user.email, name: user.name, locale: user.locale, token, expiresAt };
  }

  /** Sets a new password with a mailed token: once, within 30 minutes; earlier tokens end. */
  async confirmPasswordReset(token: string, newPassword: string): Promise<void> {
    const invalid = () =>
      DomainError.invalidField('token', 'token is invalid, used or expired; ask for a new link');
    const now = this.clock.now();
    const reset = await this.tx.run((em) => this.resets.findOpen(em, sha256(token), now));
    if (!reset) throw invalid();
    checkPassword(newPassword, reset.email, 'newPassword');
    const hash = await this.hasher.hash(newPassword);
    await this.tx.run(async (em) => {
      // Conditional: of two concurrent confirmations with the same token, one wins.
      if (!(await this.resets.markUsed(em, reset.id, now))) throw invalid();
      // Every other open link of the user ends with this one.
      await this.resets.endOpenOf(em, reset.userId, now);
      await this.repo.setPassword(em, reset.userId, hash);
    });
    await this.revocations.announce(reset.userId);
  }
}
