import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { FREQUENCIES, Frequency } from '../report-period';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimLower = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export class ReportScopeDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'One PD (a PD head: their own, the default)' })
  @IsOptional()
  @IsUUID('all', { message: 'scope.unitId must be a UUID' })
  unitId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only tickets escalated to this Tier 2 team' })
  @IsOptional()
  @IsUUID('all', { message: 'scope.teamId must be a UUID' })
  teamId?: string;

  @ApiPropertyOptional({ description: "The Bupati's summary: every PD side by side (supervisors only)" })
  @IsOptional()
  @IsBoolean({ message: 'scope.regencyWide must be true or false' })
  regencyWide?: boolean;
}

/** A user of the desk (their address and language at send time) or any address; exactly one. */
export class ReportRecipientDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @ValidateIf((r: ReportRecipientDto) => r.email === undefined)
  @IsUUID('all', { message: 'userId must be a UUID (or give an email instead)' })
  userId?: string;

  @ApiPropertyOptional({ example: 'bupati@banjarkab.go.id' })
  @ValidateIf((r: ReportRecipientDto) => r.userId === undefined)
  @Transform(trimLower)
  @IsEmail({}, { message: 'email must be an email address (or give a userId instead)' })
  @MaxLength(254)
  email?: string;
}

export class CreateReportSubscriptionDto {
  @ApiProperty({ example: 'Laporan bulanan untuk Bupati' })
  @Transform(trim)
  @IsString()
  @MinLength(3, { message: 'name must be at least 3 characters' })
  @MaxLength(120)
  name: string;

  @ApiProperty({ type: ReportScopeDto })
  @IsObject({ message: 'scope must be an object ({} for every PD)' })
  @ValidateNested()
  @Type(() => ReportScopeDto)
  scope: ReportScopeDto;

  @ApiProperty({ enum: FREQUENCIES })
  @IsIn(FREQUENCIES as unknown as string[], { message: `frequency must be one of ${FREQUENCIES.join(', ')}` })
  frequency: Frequency;

  @ApiProperty({ example: '07:00', description: 'Local time (region time zone), HH:MM' })
  @IsString({ message: 'sendAt must be a time HH:MM' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'sendAt must be a time HH:MM (00:00-23:59)' })
  sendAt: string;

  @ApiProperty({ type: [ReportRecipientDto] })
  @IsArray({ message: 'recipients must be a list' })
  @ArrayMinSize(1, { message: 'recipients needs at least one recipient' })
  @ArrayMaxSize(50, { message: 'recipients holds at most 50 recipients' })
  @ValidateNested({ each: true })
  @Type(() => ReportRecipientDto)
  recipients: ReportRecipientDto[];
}

export class UpdateReportSubscriptionDto extends PartialType(CreateReportSubscriptionDto) {
  @ApiPropertyOptional({ description: 'Pause (false) or resume (true) the schedule' })
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

/** Body of send-now: which period to send (the last complete one unless told). */
export class SendNowDto {
  @ApiPropertyOptional({
    enum: ['previous', 'current'],
    description: 'previous: the last complete period (default); current: the current period until now',
  })
  @IsOptional()
  @IsIn(['previous', 'current'], { message: 'period must be previous or current' })
  period?: 'previous' | 'current';
}
