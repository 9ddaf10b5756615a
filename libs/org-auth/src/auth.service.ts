import { AppConfig } from '@desk/config';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Actor } from './actor';
import { LoginDto } from './dto/login.dto';
import { OrgErrors } from './org-auth.errors';
import { OrgRepository, UserView } from './org.repository';
import { PasswordHasher } from './password.hasher';

// Verifying against a fixed hash when the email is unknown keeps response times alike, so timing
// does not reveal which emails exist.
const DUMMY_HASH =
  '$argon2id$v=19$m=65536,p=4,t=3$MovRbd45OLlWCLU2tAfVYg$TsUzIbPnRSxZXoUHR+QQaCY4EOtA7keQn3ucLyJwK00';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class AuthService {
  constructor(
    private readonly repo: OrgRepository,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  async login(dto: LoginDto): Promise<{ accessToken: string; user: UserView }> {
    const credentials = await this.repo.findCredentials(dto.email);
    const ok = await this.hasher.verify(credentials?.passwordHash ?? DUMMY_HASH, dto.password);
    if (!credentials || !ok || !credentials.active) throw OrgErrors.badCredentials();
    const user = (await this.repo.findUserView(credentials.id))!;
    const accessToken = await this.jwt.signAsync(
      { sub: user.id },
      { expiresIn: this.config.JWT_TTL as never },
    );
    return { accessToken, user };
  }

  /** Resolves a bearer token to the current state of its user (deactivated users are refused). */
  async authenticate(token: string): Promise<Actor> {
    let sub: unknown;
    try {
      ({ sub } = await this.jwt.verifyAsync<{ sub: unknown }>(token, { algorithms: ['HS256'] }));
    } catch {
      throw OrgErrors.invalidToken();
    }
    // A signed token whose subject is not one of our user ids is as bad as a forged one.
    if (typeof sub !== 'string' || !UUID.test(sub)) throw OrgErrors.invalidToken();
    const actor = await this.repo.findActor(sub);
    if (!actor || !actor.active) throw OrgErrors.invalidToken();
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { active, ...rest } = actor;
    return rest;
  }
}
