import { Actor } from '@desk/org-auth';
import { NotificationPreferencesService, PreferencesView, UpdatePreferencesDto } from '@desk/notifications';
import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../http/auth.guard';
import { Returns } from '../openapi/contracts';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('users/me/preferences')
export class PreferencesController {
  constructor(private readonly preferences: NotificationPreferencesService) {}

  @Get()
  @ApiOperation({ summary: 'My language and notification switches' })
  @Returns('NotificationPreferences')
  get(@CurrentActor() actor: Actor): Promise<PreferencesView> {
    return this.preferences.get(actor);
  }

  @Patch()
  @ApiOperation({
    summary: 'Change my language or notification switches (receipts, incidents and breaches stay on)',
  })
  @Returns('NotificationPreferences')
  update(@CurrentActor() actor: Actor, @Body() dto: UpdatePreferencesDto): Promise<PreferencesView> {
    return this.preferences.update(actor, dto);
  }
}
