import {
  Actor,
  AuthService,
  ChangePasswordDto,
  LoginDto,
  OrgService,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
} from '@desk/org-auth';
import { PasswordResetMailer } from '@desk/notifications';
import { Body, Controller, Get, HttpCode, Logger, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Public } from '../http/auth.guard';
import { LoginThrottleGuard } from '../http/login-throttle.guard';
import { Returns } from '../openapi/contracts';

/** The one answer to every reset request, whether or not the email has an account. */
export const PASSWORD_RESET_ACCEPTED = {
  detail: 'If an active account uses this email, a link to choose a new password is on its way.',
};

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  private readonly logger = new Logger(AuthController.name);

  constructor(
    private readonly auth: AuthService,
    private readonly org: OrgService,
    private readonly resets: PasswordResetMailer,
  ) {}

  @Public()
  @UseGuards(LoginThrottleGuard)
  @Post('login')
  @HttpCode(200)
  @Returns('LoginResponse')
  login(@Body() dto: LoginDto) {
    return this.auth.login(dto);
  }

  @ApiBearerAuth()
  @Get('me')
  @Returns('Me')
  me(@CurrentActor() actor: Actor) {
    return this.org.getUser(actor.id).then((user) => ({ ...user, unitKind: actor.unitKind }));
  }

  /** Changes the caller's password; every earlier token, this one too, stops working. */
  @ApiBearerAuth()
  @Post('password')
  @HttpCode(204)
  async changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(actor, dto.currentPassword, dto.newPassword);
  }

  /**
   * Always 202 with the same body, answered before any lookup finishes, so neither the answer nor
   * its timing tells whether the email has an account.
   */
  @Public()
  @UseGuards(LoginThrottleGuard)
  @Post('password-reset')
  @HttpCode(202)
  @Returns('PasswordResetAccepted')
  requestReset(@Body() dto: PasswordResetRequestDto) {
    this.resets
      .request(dto.email)
      .catch((error) => this.logger.warn(`password reset not recorded: ${(error as Error).message}`));
    return PASSWORD_RESET_ACCEPTED;
  }

  @Public()
  @UseGuards(LoginThrottleGuard)
  @Post('password-reset/confirm')
  @HttpCode(204)
  async confirmReset(@Body() dto: PasswordResetConfirmDto): Promise<void> {
    await this.auth.confirmPasswordReset(dto.token, dto.newPassword);
  }
}
