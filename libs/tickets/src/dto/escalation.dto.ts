import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { ESCALATION_REASON_MIN, REASON_MIN } from '../ticket-transitions';
import { trim } from './create-ticket.dto';
import { ActionDto } from './ticket-action.dto';

export class EscalateDto extends ActionDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: "The Tier 2 team; defaults to the team the ticket's category routes to",
  })
  @IsOptional()
  @IsUUID('all', { message: 'teamId must be a UUID' })
  teamId?: string;

  @ApiProperty({ minLength: ESCALATION_REASON_MIN, maxLength: 2000 })
  @Transform(trim)
  @IsString({ message: 'reason must be a string' })
  @MinLength(ESCALATION_REASON_MIN, {
    message: `reason must be at least ${ESCALATION_REASON_MIN} characters`,
  })
  @MaxLength(2000, { message: 'reason must be at most 2000 characters' })
  reason: string;
}

export class ReturnDto extends ActionDto {
  @ApiProperty({
    minLength: REASON_MIN,
    maxLength: 2000,
    description: 'What Tier 2 found or did, for Tier 1',
  })
  @Transform(trim)
  @IsString({ message: 'notes must be a string' })
  @MinLength(REASON_MIN, { message: `notes must be at least ${REASON_MIN} characters` })
  @MaxLength(2000, { message: 'notes must be at most 2000 characters' })
  notes: string;
}

/** The system path (SLA auto-escalation): no actor, no version, always automatic. */
export interface SystemEscalation {
  teamId?: string;
  /** The reason as text (Indonesian), kept on the escalation record and quoted in mail. */
  reason: string;
  /** The same reason as a code and parameters, for history lines in each reader's language. */
  reasonCode?: { code: string; params: Record<string, string | number> };
  automatic: true;
}
