import { Actor, AuthService, LoginDto, OrgService } from '@desk/org-auth';
import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Public } from '../http/auth.guard';
import { LoginThrottleGuard } from '../http/login-throttle.guard';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly org: OrgService,
  ) {}

  @Public()
  @UseGuards(LoginThrottleGuard)
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto) {
    return this.auth.login(dto);
  }

  @ApiBearerAuth()
  @Get('me')
  me(@CurrentActor() actor: Actor) {
    return this.org.getUser(actor.id).then((user) => ({ ...user, unitKind: actor.unitKind }));
  }
}
