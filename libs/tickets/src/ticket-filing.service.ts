import { Clock, DomainError } from '@desk/common';
import { Actor, hasRole, OrgRepository, RegionService, Role, UnitKind } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { localYear } from './local-year';
import { CreateTicketDto } from './dto/create-ticket.dto';
import { Channel } from './entities/ticket.entity';
import { priorityOf } from './priority';
import { translateWriteError } from './ticket-change.writer';
import { TicketFilingBatcher } from './ticket-filing.batcher';
import { TicketHookRegistry } from './ticket-hook.registry';
import { TicketQueryService } from './ticket-query.service';
import { TicketRepository } from './ticket.repository';
import { TicketView } from './ticket.view';
import { TicketErrors } from './tickets.errors';

/**
 * Filing a ticket: who files for whom, its priority, idempotent retries, one insert statement (shared
 * with other filings of the moment by `TicketFilingBatcher`).
 */
@Injectable()
export class TicketFilingService {
  constructor(
    private readonly repo: TicketRepository,
    private readonly batcher: TicketFilingBatcher,
    private readonly org: OrgRepository,
    private readonly query: TicketQueryService,
    private readonly hooks: TicketHookRegistry,
    private readonly region: RegionService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, dto: CreateTicketDto, idempotencyKey?: string): Promise<TicketView> {
    if (!hasRole(actor, Role.Requester, Role.Tier1))
      throw DomainError.forbidden('Only PD staff and Tier 1 can file tickets');
    const bodyHash = idempotencyKey ? requestHash(dto) : null;
    const replay = async () => {
      const existing = await this.repo.findIdByIdempotencyKey(actor.id, idempotencyKey!);
      if (!existing) return null;
      if (existing.hash !== null && existing.hash !== bodyHash) throw TicketErrors.idempotencyReused();
      return this.query.get(actor, existing.id);
    };
    if (idempotencyKey) {
      const replayed = await replay();
      if (replayed) return replayed;
    }
    const requester = await this.resolveRequester(actor, dto.requesterId);
    const now = this.clock.now();
    const priority = priorityOf(dto.impact, dto.urgency);
    const { columns, ctes } = await this.hooks.planCreate({
      kind: dto.kind,
      priority,
      unitId: requester.unitId,
      deskId: requester.deskId,
      categoryId: dto.categoryId ?? null,
      now,
      title: dto.title,
      description: dto.description,
    });
    // Due times are the SLA engine's alone: no ticket is filed without them.
    const { responseDueAt, resolutionDueAt, queueDueAt } = columns;
    if (!responseDueAt || !resolutionDueAt)
      throw new Error('No lifecycle hook planned the due times (SLA engine)');
    let id: string | null;
    try {
      id = await this.batcher.insert(
        {
          kind: dto.kind,
          title: dto.title,
          description: dto.description,
          categoryId: dto.categoryId ?? null,
          impact: dto.impact,
          urgency: dto.urgency,
          priority,
          channel: dto.channel ?? Channel.Web,
          requesterId: requester.id,
          createdById: actor.id,
          unitId: requester.unitId,
          deskId: requester.deskId,
          year: localYear(now, await this.region.timezone()),
          responseDueAt,
          resolutionDueAt,
          queueDueAt,
          idempotencyKey: idempotencyKey ?? null,
          idempotencyHash: bodyHash,
          now,
        },
        ctes,
      );
    } catch (error) {
      throw translateWriteError(error);
    }
    // A concurrent request with the same key won the insert: answer with its ticket.
    if (!id) return (await replay())!;
    return this.query.get(actor, id);
  }

  private async resolveRequester(
    actor: Actor,
    requesterId?: string,
  ): Promise<{ id: string; unitId: string; deskId: string }> {
    if (!requesterId || requesterId === actor.id) {
      if (actor.unitKind !== UnitKind.Pd)
        throw DomainError.forbidden('Tickets are filed by the staff of a PD');
      const desk = await this.org.findDeskByUnit(actor.unitId);
      if (!desk) throw DomainError.forbidden('Your PD has no Tier 1 desk');
      return { id: actor.id, unitId: actor.unitId, deskId: desk.id };
    }
    if (!hasRole(actor, Role.Tier1)) {
      throw DomainError.invalidField('requesterId', 'only Tier 1 can file a ticket for someone else');
    }
    const requester = await this.org.findUserView(requesterId);
    if (!requester || requester.unitId !== actor.unitId || !requester.active) {
      throw DomainError.invalidField('requesterId', 'requester must be an active user of your PD');
    }
    const desk = (await this.org.findDeskByUnit(actor.unitId))!;
    return { id: requester.id, unitId: requester.unitId, deskId: desk.id };
  }
}

/** SHA-256 of a create body with its keys sorted and absent fields dropped (key order never matters). */
function requestHash(dto: object): string {
  const entries = Object.entries(dto)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex');
}
