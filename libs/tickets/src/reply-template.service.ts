import { DomainError } from '@desk/common';
import { Actor, hasRole, isAgent, Role, UnitKind } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { CreateReplyTemplateDto, TemplateScope, UpdateReplyTemplateDto } from './dto/reply-template.dto';
import { ReplyTemplateRepository, TemplateRow } from './reply-template.repository';
import { TicketRepository } from './ticket.repository';
import { TicketViewRow } from './ticket.rows';
import { TicketErrors } from './tickets.errors';

export interface ReplyTemplateView {
  id: string;
  name: string;
  body: string;
  scope: TemplateScope;
  unitId: string | null;
  teamId: string | null;
  owner: { id: string; name: string };
  /** Whether the caller may change or delete it. */
  editable: boolean;
  /** The body with its placeholders filled for `ticketId` (only when asked with one). */
  rendered?: string;
  updatedAt: string;
}

/** The placeholders a template may use; anything else in `{{ }}` stays as written. */
export const TEMPLATE_PLACEHOLDERS = [
  'requester.name',
  'requester.phone',
  'ticket.number',
  'ticket.title',
  'ticket.status',
  'ticket.unit',
  'ticket.team',
  'agent.name',
  'agent.email',
] as const;

/** Fills `{{requester.name}}`-style placeholders; unknown ones are left untouched. */
export function renderTemplate(body: string, values: Record<string, string>): string {
  return body.replace(/\{\{\s*([a-z]+\.[a-z]+)\s*\}\}/gi, (whole, key: string) =>
    Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole,
  );
}

/**
 * Reply templates of agents. Scopes: `personal` (the owner), `unit` (the Tier 1 agents of the owner's
 * PD), `team` (the members of one Tier 2 team), `global` (every agent; written by admins and
 * supervisors). Supervisors see and manage all of them.
 */
@Injectable()
export class ReplyTemplateService {
  constructor(
    private readonly templates: ReplyTemplateRepository,
    private readonly tickets: TicketRepository,
  ) {}

  async list(actor: Actor, ticketId?: string): Promise<ReplyTemplateView[]> {
    this.mayUse(actor);
    let ticket: TicketViewRow | null = null;
    if (ticketId) {
      ticket = await this.tickets.findVisible(actor, ticketId);
      if (!ticket) throw TicketErrors.notFound();
    }
    const rows = await this.templates.listVisible(actor);
    return rows.map((r) => ({
      ...this.view(actor, r),
      ...(ticket ? { rendered: renderTemplate(r.body, this.values(actor, ticket)) } : {}),
    }));
  }

  async create(actor: Actor, dto: CreateReplyTemplateDto): Promise<ReplyTemplateView> {
    this.mayUse(actor);
    const place = this.placement(actor, dto.scope, dto.teamId);
    const id = await this.templates.insert(actor.id, {
      name: dto.name,
      body: dto.body,
      scope: dto.scope,
      ...place,
    });
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, dto: UpdateReplyTemplateDto): Promise<ReplyTemplateView> {
    const current = await this.editableOrThrow(actor, id);
    const scope = dto.scope ?? current.scope;
    const place =
      dto.scope !== undefined || dto.teamId !== undefined
        ? this.placement(actor, scope, dto.teamId ?? current.teamId ?? undefined)
        : { unitId: current.unitId, teamId: current.teamId };
    await this.templates.update(id, {
      name: dto.name ?? current.name,
      body: dto.body ?? current.body,
      scope,
      unitId: place.unitId,
      teamId: place.teamId,
    });
    return this.get(actor, id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.editableOrThrow(actor, id);
    await this.templates.remove(id);
  }

  private async get(actor: Actor, id: string): Promise<ReplyTemplateView> {
    const row = await this.templates.findVisible(actor, id);
    if (!row) throw DomainError.notFound('Reply template');
    return this.view(actor, row);
  }

  /** 404 when the caller cannot see it, 403 when they see it but may not change it. */
  private async editableOrThrow(actor: Actor, id: string): Promise<TemplateRow> {
    this.mayUse(actor);
    const row = await this.templates.findVisible(actor, id);
    if (!row) throw DomainError.notFound('Reply template');
    if (!this.mayEdit(actor, row)) throw DomainError.forbidden('You may not change this reply template');
    return row;
  }

  private mayUse(actor: Actor): void {
    if (!isAgent(actor) && !hasRole(actor, Role.Admin))
      throw DomainError.forbidden('Reply templates are for agents');
  }

  private mayEdit(actor: Actor, r: Pick<TemplateRow, 'scope' | 'ownerId' | 'unitId' | 'teamId'>): boolean {
    if (hasRole(actor, Role.Supervisor)) return true;
    switch (r.scope) {
      case 'personal':
        return r.ownerId === actor.id;
      case 'unit':
        return hasRole(actor, Role.Tier1) && r.unitId === actor.unitId;
      case 'team':
        return hasRole(actor, Role.Tier2) && !!r.teamId && actor.teamIds.includes(r.teamId);
      case 'global':
        return hasRole(actor, Role.Admin);
    }
  }

  /** Where a template of this scope belongs for this author; 400/403 naming what is wrong. */
  private placement(
    actor: Actor,
    scope: TemplateScope,
    teamId: string | undefined,
  ): { unitId: string | null; teamId: string | null } {
    switch (scope) {
      case 'personal':
        if (!isAgent(actor)) throw DomainError.invalidField('scope', 'admins write global templates only');
        return { unitId: null, teamId: null };
      case 'unit':
        if (!hasRole(actor, Role.Tier1) || actor.unitKind !== UnitKind.Pd)
          throw DomainError.invalidField('scope', 'unit templates are written by Tier 1 agents of a PD');
        return { unitId: actor.unitId, teamId: null };
      case 'team': {
        const teams = hasRole(actor, Role.Tier2) ? actor.teamIds : [];
        if (!teams.length)
          throw DomainError.invalidField('scope', 'team templates are written by members of a Tier 2 team');
        const chosen = teamId ?? (teams.length === 1 ? teams[0] : undefined);
        if (!chosen) throw DomainError.invalidField('teamId', 'name the team: you belong to several');
        if (!teams.includes(chosen))
          throw DomainError.invalidField('teamId', 'you are not a member of this team');
        return { unitId: null, teamId: chosen };
      }
      case 'global':
        if (!hasRole(actor, Role.Admin, Role.Supervisor))
          throw DomainError.forbidden('Only admins and supervisors write global reply templates');
        return { unitId: null, teamId: null };
    }
  }

  private view(actor: Actor, r: TemplateRow): ReplyTemplateView {
    return {
      id: r.id,
      name: r.name,
      body: r.body,
      scope: r.scope,
      unitId: r.unitId,
      teamId: r.teamId,
      owner: { id: r.ownerId, name: r.ownerName },
      editable: this.mayEdit(actor, r),
      updatedAt: new Date(r.updatedAt).toISOString(),
    };
  }

  private values(actor: Actor, t: TicketViewRow): Record<string, string> {
    return {
      'requester.name': t.requesterName,
      'requester.phone': t.requesterPhone ?? '',
      'ticket.number': t.number,
      'ticket.title': t.title,
      'ticket.status': t.status,
      'ticket.unit': t.unitName,
      'ticket.team': t.teamName ?? '',
      'agent.name': actor.name,
      'agent.email': actor.email,
    };
  }
}
