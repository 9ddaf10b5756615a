import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, ValidateNested } from 'class-validator';

const onOff = (essential = false) =>
  ApiPropertyOptional({
    type: Boolean,
    description: essential ? 'Essential: always on, cannot be turned off' : undefined,
  });

/** One switch per notification kind; absent keys keep their current value. */
export class NotificationSwitchesDto {
  @onOff(true)
  @IsOptional()
  @IsBoolean()
  ticketReceipt?: boolean;

  @onOff()
  @IsOptional()
  @IsBoolean()
  ticketCreated?: boolean;

  @onOff()
  @IsOptional()
  @IsBoolean()
  ticketAssigned?: boolean;

  @onOff()
  @IsOptional()
  @IsBoolean()
  ticketEscalated?: boolean;

  @onOff()
  @IsOptional()
  @IsBoolean()
  slaWarned?: boolean;

  @onOff(true)
  @IsOptional()
  @IsBoolean()
  slaBreached?: boolean;

  @onOff()
  @IsOptional()
  @IsBoolean()
  slaLadder?: boolean;

  @onOff()
  @IsOptional()
  @IsBoolean()
  ticketResolved?: boolean;

  @onOff()
  @IsOptional()
  @IsBoolean()
  ticketAutoResumed?: boolean;

  @onOff(true)
  @IsOptional()
  @IsBoolean()
  incidentReported?: boolean;

  @onOff()
  @IsOptional()
  @IsBoolean()
  ticketReply?: boolean;

  @onOff()
  @IsOptional()
  @IsBoolean()
  ticketRequesterComment?: boolean;

  @onOff()
  @IsOptional()
  @IsBoolean()
  ticketReturned?: boolean;
}

export class UpdatePreferencesDto {
  @ApiPropertyOptional({ enum: ['id', 'en'], description: 'Language of the UI and of mail' })
  @IsOptional()
  @IsIn(['id', 'en'], { message: 'locale must be id or en' })
  locale?: 'id' | 'en';

  @ApiPropertyOptional({ type: NotificationSwitchesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => NotificationSwitchesDto)
  notifications?: NotificationSwitchesDto;
}

export class PreferencesView {
  @ApiProperty({ enum: ['id', 'en'] })
  locale: 'id' | 'en';

  @ApiProperty({ type: NotificationSwitchesDto, description: 'Every kind with its current state' })
  notifications: Record<string, boolean>;

  @ApiProperty({ type: [String], description: 'Kinds that are always sent' })
  essential: string[];
}
