import { Clock } from '@desk/common';
import { AppConfig } from '@desk/config';
import { Actor, hasRole, isAgent, OrgRepository, Role, UnitKind } from '@desk/org-auth';
import { TicketService, TicketView } from '@desk/tickets';
import { Injectable } from '@nestjs/common';
import { QueueCountsRow, WorkQueueRepository } from './work-queue.repository';
import { WorkQueueList } from './dto/work-queue.view';
import { EscalationErrors } from './escalation.errors';

const MINUTE = 60_000;

const counts = (r: QueueCountsRow) => ({
  new: r.new,
  open: r.open,
  dueSoon: r.dueSoon,
  breached: r.breached,
  unassigned: r.unassigned,
});

/**
 * The queues agents work (docs/architecture.md; the OpenAPI document at /api/docs): Tier 1 their PD's desk, Tier 2 their teams,
 * supervisors every team and every desk; and "claim the next ticket" of a queue.
 */
@Injectable()
export class WorkQueueService {
  constructor(
    private readonly repo: WorkQueueRepository,
    private readonly org: OrgRepository,
    private readonly tickets: TicketService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async list(actor: Actor): Promise<WorkQueueList> {
    if (!isAgent(actor)) throw EscalationErrors.noQueues();
    const now = this.clock.now();
    const soon = new Date(now.getTime() + this.config.QUEUE_DUE_SOON_MINUTES * MINUTE);
    const supervisor = hasRole(actor, Role.Supervisor);
    const tier2Teams = hasRole(actor, Role.Tier2) ? actor.teamIds : [];
    const ownDesk = hasRole(actor, Role.Tier1) && actor.unitKind === UnitKind.Pd;

    const [teams, desks] = await Promise.all([
      supervisor || tier2Teams.length ? this.repo.teams(supervisor ? null : tier2Teams, now, soon) : [],
      supervisor || ownDesk ? this.repo.desks(supervisor ? null : [actor.unitId], now, soon) : [],
    ]);
    return {
      items: [
        ...desks.map((d) => ({
          kind: 'desk' as const,
          id: d.id,
          name: d.name,
          unit: { id: d.unitId, name: d.unitName },
          canClaim: ownDesk && d.unitId === actor.unitId,
          counts: counts(d),
        })),
        ...teams.map((t) => ({
          kind: 'team' as const,
          id: t.id,
          name: t.name,
          security: t.security,
          canClaim: tier2Teams.includes(t.id),
          counts: counts(t),
        })),
      ],
      dueSoonMinutes: this.config.QUEUE_DUE_SOON_MINUTES,
      at: now.toISOString(),
    };
  }

  /** Claims the most urgent unassigned ticket of a Tier 2 team; null when there is none. */
  async nextOfTeam(actor: Actor, teamId: string): Promise<TicketView | null> {
    if (!(await this.org.teamExists(teamId))) throw EscalationErrors.teamNotFound();
    if (!hasRole(actor, Role.Tier2) || !actor.teamIds.includes(teamId)) throw EscalationErrors.notInTeam();
    return this.tickets.claimNext(actor, { teamId });
  }

  /** Claims the most urgent unassigned ticket of the caller's own Tier 1 desk; null when there is none. */
  async nextOfDesk(actor: Actor): Promise<TicketView | null> {
    const deskId =
      hasRole(actor, Role.Tier1) && actor.unitKind === UnitKind.Pd
        ? await this.repo.deskOfUnit(actor.unitId)
        : null;
    if (!deskId) throw EscalationErrors.noDesk();
    return this.tickets.claimNext(actor, { deskId });
  }
}
