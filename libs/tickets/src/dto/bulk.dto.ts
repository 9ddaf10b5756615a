import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsUUID,
} from 'class-validator';
import { TicketAction } from '../ticket-transitions';
import type { TicketStatusName } from '@desk/contracts';

/** The lifecycle actions a bulk request may take (escalation and return stay one ticket at a time). */
export const BULK_ACTIONS = [
  TicketAction.Assign,
  TicketAction.Claim,
  TicketAction.Start,
  TicketAction.Pend,
  TicketAction.Resume,
  TicketAction.Resolve,
  TicketAction.Close,
  TicketAction.Cancel,
] as const;

export class BulkActionDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 100 })
  @IsArray({ message: 'ids must be a list of ticket ids' })
  @ArrayMinSize(1, { message: 'ids must hold 1 to 100 ticket ids' })
  @ArrayMaxSize(100, { message: 'ids must hold 1 to 100 ticket ids' })
  @ArrayUnique({ message: 'ids must not repeat a ticket' })
  @IsUUID('all', { each: true, message: 'ids must each be a UUID' })
  ids: string[];

  @ApiProperty({ enum: BULK_ACTIONS })
  @IsIn(BULK_ACTIONS, { message: `action must be one of ${BULK_ACTIONS.join(', ')}` })
  action: (typeof BULK_ACTIONS)[number];

  @ApiPropertyOptional({
    description:
      "The action's body: assigneeId for assign, reason for pend and cancel, resolution for resolve",
  })
  @IsOptional()
  @IsObject({ message: 'input must be an object' })
  input?: Record<string, unknown>;
}

export interface BulkResult {
  id: string;
  ok: boolean;
  status?: TicketStatusName;
  error?: { status: number; title: string; detail: string };
}
