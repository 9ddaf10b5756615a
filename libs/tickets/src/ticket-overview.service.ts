import { DomainError, ErrorCode, FieldError } from '@desk/common';
import { Actor, isAgent } from '@desk/org-auth';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { plainToInstance } from 'class-transformer';
import { IsObject, IsString, MaxLength, MinLength, validate } from 'class-validator';
import { Injectable } from '@nestjs/common';
import { trim } from './dto/create-ticket.dto';
import { ListTicketsQuery } from './dto/list-tickets.query';
import { OverviewRow, TicketOverviewRepository } from './ticket-overview.repository';

export class CreateOverviewDto {
  @ApiProperty({ minLength: 3, maxLength: 80, example: 'Jaringan minggu ini' })
  @Transform(trim)
  @IsString({ message: 'name must be text' })
  @MinLength(3, { message: 'name must be at least 3 characters' })
  @MaxLength(80, { message: 'name must be at most 80 characters' })
  name: string;

  @ApiProperty({
    description: 'The GET /tickets query to save (status, q, categoryId, requesterId, createdFrom...)',
    example: { status: 'open', q: 'jaringan' },
  })
  @IsObject({ message: 'query must be an object of GET /tickets parameters' })
  query: Record<string, unknown>;
}

export type OverviewView = OverviewRow;

/** Agents' saved ticket filters ("overviews"), each private to its owner. */
@Injectable()
export class TicketOverviewService {
  constructor(private readonly overviews: TicketOverviewRepository) {}

  list(actor: Actor): Promise<OverviewView[]> {
    this.agentOnly(actor);
    return this.overviews.listOf(actor.id);
  }

  async create(actor: Actor, dto: CreateOverviewDto): Promise<OverviewView> {
    this.agentOnly(actor);
    const query = await this.checkQuery(dto.query);
    const row = await this.overviews.insert(actor.id, dto.name, query);
    if (!row) throw new DomainError(ErrorCode.Conflict, `You already have an overview named '${dto.name}'`);
    return row;
  }

  async remove(actor: Actor, id: string): Promise<void> {
    this.agentOnly(actor);
    if (!(await this.overviews.remove(actor.id, id))) throw DomainError.notFound('Overview');
  }

  private agentOnly(actor: Actor): void {
    if (!isAgent(actor)) throw DomainError.forbidden('Saved overviews are for agents');
  }

  /** Only what GET /tickets accepts, as the strings of a query string; 400 naming `query.<field>`. */
  private async checkQuery(raw: Record<string, unknown>): Promise<Record<string, string>> {
    const strings: Record<string, string> = {};
    const errors: FieldError[] = [];
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'cursor') continue;
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
        strings[key] = String(value);
      else errors.push({ field: `query.${key}`, message: `query.${key} must be text` });
    }
    const checked = await validate(plainToInstance(ListTicketsQuery, strings), {
      whitelist: true,
      forbidNonWhitelisted: true,
    });
    for (const e of checked)
      for (const message of Object.values(e.constraints ?? {}))
        errors.push({
          field: `query.${e.property}`,
          message: message.startsWith('property ') ? `query.${e.property} is not a ticket filter` : message,
        });
    if (errors.length) throw new DomainError(ErrorCode.Validation, 'Invalid overview', { errors });
    return strings;
  }
}
