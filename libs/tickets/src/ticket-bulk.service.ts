import { DomainError, ErrorCode, FieldError } from '@desk/common';
import { Actor } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { BulkActionDto, BulkResult } from './dto/bulk.dto';
import { ActionDto, AssignDto, PendDto, ReasonDto, ResolveDto } from './dto/ticket-action.dto';
import { TicketAction } from './ticket-transitions';
import { TicketService } from './ticket.service';

const INPUT_CLASSES: Partial<Record<TicketAction, new () => object>> = {
  [TicketAction.Assign]: AssignDto,
  [TicketAction.Pend]: PendDto,
  [TicketAction.Resolve]: ResolveDto,
  [TicketAction.Cancel]: ReasonDto,
};

/** The HTTP status each domain error code answers with, for the per-ticket results. */
const STATUS: Record<ErrorCode, [number, string]> = {
  [ErrorCode.NotFound]: [404, 'Not Found'],
  [ErrorCode.Forbidden]: [403, 'Forbidden'],
  [ErrorCode.Conflict]: [409, 'Conflict'],
  [ErrorCode.InvalidTransition]: [409, 'Conflict'],
  [ErrorCode.StaleVersion]: [409, 'Conflict'],
  [ErrorCode.Validation]: [400, 'Bad Request'],
  [ErrorCode.Unauthorized]: [401, 'Unauthorized'],
  [ErrorCode.PayloadTooLarge]: [413, 'Payload Too Large'],
  [ErrorCode.UnsupportedMediaType]: [415, 'Unsupported Media Type'],
  [ErrorCode.TooManyRequests]: [429, 'Too Many Requests'],
};

/**
 * One action on up to 100 tickets. The input is checked once (400 naming `input.<field>`); then each
 * ticket is changed in its own transaction by the same rules as a single action, so one ticket's
 * refusal (not found, not allowed, wrong status) never stops or undoes the others. A ticket the caller
 * cannot see answers exactly like a missing one. Requesters may use it too, for what they may do to
 * their own tickets (close, cancel); the web offers it to agents.
 */
@Injectable()
export class TicketBulkService {
  constructor(private readonly tickets: TicketService) {}

  async run(actor: Actor, dto: BulkActionDto): Promise<{ results: BulkResult[] }> {
    const input = await this.checkInput(dto.action, dto.input ?? {});
    const results: BulkResult[] = [];
    for (const id of dto.ids) {
      try {
        const ticket = await this.tickets.act(actor, id, dto.action, input);
        results.push({ id, ok: true, status: ticket.status });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const [status, title] = STATUS[error.code];
        results.push({ id, ok: false, error: { status, title, detail: error.message } });
      }
    }
    return { results };
  }

  private async checkInput(action: TicketAction, raw: Record<string, unknown>) {
    const cls = INPUT_CLASSES[action] ?? ActionDto;
    const input = plainToInstance(cls, raw) as Record<string, unknown>;
    const errors = await validate(input, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) {
      const fields: FieldError[] = errors.flatMap((e) =>
        Object.values(e.constraints ?? {}).map((message) => ({
          field: `input.${e.property}`,
          message: message.startsWith('property ') ? `input.${e.property} is not an accepted field` : message,
        })),
      );
      throw new DomainError(ErrorCode.Validation, 'Invalid input for this action', { errors: fields });
    }
    // One version cannot fit many tickets: each is judged on its current state.
    delete input.version;
    return input;
  }
}
