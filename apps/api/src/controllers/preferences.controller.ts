import { Actor } from '@desk/org-auth';
import { NotificationPreferencesService, PreferencesView, UpdatePreferencesDto } from '@desk/notifications';
import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../http/auth.guard';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('users/me/preferences')
export class PreferencesController {
  constructor(private readonly preferences: NotificationPreferencesService) {}

  @Get()
  @ApiOperation({ summary: 'My language and notification switches' })
  @ApiOkResponse({ type: PreferencesView })
  get(@CurrentActor() actor: Actor): Promise<PreferencesView> {
    return this.preferences.get(actor);
  }

  @Patch()
  @ApiOperation({
    summary: 'Change my language or notification switches (receipts, incidents and breaches stay on)',
  })
  @ApiOkResponse({ type: PreferencesView })
  update(@CurrentActor() actor: Actor, @Body() dto: UpdatePreferencesDto): Promise<PreferencesView> {
    return this.preferences.update(actor, dto);
  }
}
