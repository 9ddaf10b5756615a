import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';

export const LINK_TYPES = ['duplicate_of', 'related', 'child_of'] as const;
export type LinkType = (typeof LINK_TYPES)[number];

/** `POST /tickets/{id}/links`: this ticket is a duplicate of, related to, or a child of `ticketId`. */
export class CreateLinkDto {
  @ApiProperty({ enum: LINK_TYPES })
  @IsIn(LINK_TYPES, { message: 'type must be duplicate_of, related or child_of' })
  type: LinkType;

  @ApiProperty({ format: 'uuid', description: 'The other ticket' })
  @IsUUID('all', { message: 'ticketId must be a UUID' })
  ticketId: string;
}
