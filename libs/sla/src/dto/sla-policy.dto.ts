import { Priority, TicketKind } from '@desk/tickets';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { durationSeconds } from '../sla.validation';
import { CALENDAR_KINDS, LADDER_ACTIONS, NotifyRole } from '../sla.types';

/** An ISO 8601 duration the engine accepts (see durationSeconds), with the reason in the message. */
function IsIsoDuration(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoDuration',
      validator: {
        validate: (value, args) => typeof durationSeconds(args!.property, value) === 'number',
        defaultMessage: (args) => {
          const r = durationSeconds(args!.property, args!.value);
          return typeof r === 'number' ? '' : r.message;
        },
      },
    },
    options,
  );
}

const ROLES = Object.values(NotifyRole);

export class LadderLevelDto {
  @ApiProperty({ example: 0.75, description: 'Fraction of the target (1 = the breach)' })
  @IsNumber(
    { allowNaN: false, allowInfinity: false },
    { message: 'at must be a number (fraction of the target)' },
  )
  @Min(0.01, { message: 'at must be more than 0' })
  @Max(10, { message: 'at must be at most 10 (ten times the target)' })
  at: number;

  @ApiProperty({ enum: NotifyRole, isArray: true })
  @IsArray({ message: 'notify must be a list of roles' })
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true, message: `notify must contain only ${ROLES.join(', ')}` })
  notify: NotifyRole[];

  @ApiPropertyOptional({ enum: LADDER_ACTIONS })
  @IsOptional()
  @IsIn(LADDER_ACTIONS, { message: `action must be ${LADDER_ACTIONS.join(' or ')}` })
  action?: 'auto_escalate';
}

export class CreateSlaPolicyDto {
  @ApiProperty({ example: 'Gangguan P1' })
  @IsString()
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  name: string;

  @ApiPropertyOptional({ enum: TicketKind, nullable: true, description: 'null = any kind' })
  @IsOptional()
  @IsIn(Object.values(TicketKind), { message: `kind must be one of ${Object.values(TicketKind).join(', ')}` })
  kind?: TicketKind | null;

  @ApiPropertyOptional({ enum: Priority, nullable: true, description: 'null = any priority' })
  @IsOptional()
  @IsIn(Object.values(Priority), { message: `priority must be one of ${Object.values(Priority).join(', ')}` })
  priority?: Priority | null;

  @ApiProperty({ example: 'PT30M' })
  @IsIsoDuration()
  responseTarget: string;

  @ApiProperty({ example: 'PT8H' })
  @IsIsoDuration()
  resolutionTarget: string;

  @ApiProperty({ example: 'PT1H', description: 'Time Tier 2 has to pick up an escalated ticket' })
  @IsIsoDuration()
  tier2ResponseTarget: string;

  @ApiProperty({ enum: CALENDAR_KINDS })
  @IsIn(CALENDAR_KINDS, { message: `calendar must be one of ${CALENDAR_KINDS.join(', ')}` })
  calendar: 'business' | '24x7';

  @ApiPropertyOptional({ default: 0.75 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'warnAt must be a number between 0 and 1' })
  @Min(0.01, { message: 'warnAt must be between 0 and 1 (a fraction of the target)' })
  @Max(0.99, { message: 'warnAt must be between 0 and 1 (a fraction of the target)' })
  warnAt?: number;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean({ message: 'autoEscalateOnBreach must be true or false' })
  autoEscalateOnBreach?: boolean;

  @ApiPropertyOptional({ type: [LadderLevelDto], description: 'Ordered by `at`; each level fires once' })
  @IsOptional()
  @IsArray({ message: 'ladder must be a list of levels' })
  @ArrayMaxSize(10, { message: 'ladder may have at most 10 levels' })
  @ValidateNested({ each: true })
  @Type(() => LadderLevelDto)
  ladder?: LadderLevelDto[];
}

export class UpdateSlaPolicyDto extends PartialType(CreateSlaPolicyDto) {}
