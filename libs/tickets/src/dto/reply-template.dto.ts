import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { trim } from './create-ticket.dto';

export const TEMPLATE_SCOPES = ['personal', 'unit', 'team', 'global'] as const;
export type TemplateScope = (typeof TEMPLATE_SCOPES)[number];

export class CreateReplyTemplateDto {
  @ApiProperty({ minLength: 3, maxLength: 120, example: 'Minta restart perangkat' })
  @Transform(trim)
  @IsString({ message: 'name must be text' })
  @MinLength(3, { message: 'name must be at least 3 characters' })
  @MaxLength(120, { message: 'name must be at most 120 characters' })
  name: string;

  @ApiProperty({
    minLength: 3,
    maxLength: 10000,
    example: 'Halo {{requester.name}}, tiket {{ticket.number}} sedang kami tangani. Salam, {{agent.name}}',
  })
  @Transform(trim)
  @IsString({ message: 'body must be text' })
  @MinLength(3, { message: 'body must be at least 3 characters' })
  @MaxLength(10000, { message: 'body must be at most 10000 characters' })
  body: string;

  @ApiProperty({ enum: TEMPLATE_SCOPES })
  @IsIn(TEMPLATE_SCOPES, { message: 'scope must be personal, unit, team or global' })
  scope: TemplateScope;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'For scope team: the Tier 2 team (optional when the agent belongs to one team only)',
  })
  @IsOptional()
  @IsUUID('all', { message: 'teamId must be a UUID' })
  teamId?: string;
}

export class UpdateReplyTemplateDto extends PartialType(CreateReplyTemplateDto) {}

export class ListReplyTemplatesQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Fill the placeholders for this ticket (`rendered`)' })
  @IsOptional()
  @IsUUID('all', { message: 'ticketId must be a UUID' })
  ticketId?: string;
}
