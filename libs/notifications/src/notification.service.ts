import { RegionService } from '@desk/org-auth';
import { Clock } from '@desk/common';
import { AppConfig } from '@desk/config';
import { TransactionRunner } from '@desk/database';
import { DomainEventJob } from '@desk/queue';
import { Injectable, Logger } from '@nestjs/common';
import { MailOutbox, OutgoingMail } from './mail-outbox';
import { MailTiming } from './mail-timing';
import { NotificationKind, wantsNotification } from './notification-kind';
import { NotificationRepository, Recipient, RecipientGroup, TicketFacts } from './notification.repository';
import { asLocale, Locale, MailBody } from './templates/mail-layout';
import { NotificationContext, notificationRenderer } from './templates/notification-templates';

/** The outbox event types that send mail. */
export const NOTIFICATION_EVENT_TYPES = [
  'ticket.created',
  'ticket.assigned',
  'ticket.escalated',
  'escalation.routed',
  'sla.warned',
  'sla.breached',
  'sla.ladder',
  'ticket.resolved',
  'ticket.commented',
  'ticket.returned',
  'ticket.auto_resumed',
  'incident.reported',
  'incident.phase_changed',
  'incident.ack_breached',
  'incident.severity_changed',
] as const;

const SLA_KINDS: Record<string, NotificationKind> = {
  'sla.warned': NotificationKind.SlaWarned,
  'sla.breached': NotificationKind.SlaBreached,
  'sla.ladder': NotificationKind.SlaLadder,
};

/** One batch of identical mail: a kind, its recipients and what the template shows. */
interface Plan {
  kind: NotificationKind;
  recipients: Recipient[];
  urgent: boolean;
  context: Omit<NotificationContext, 'kind' | 'locale' | 'recipientName' | 'timezone' | 'appUrl'>;
  aggregateType: string;
  aggregateId: string;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const isUrgentPriority = (priority: string | null | undefined) => priority === 'P1' || priority === 'P2';

/**
 * Turns outbox events into mail for the people concerned, in their language, respecting their
 * preferences. Idempotent: each mail's dedupe key is `<eventId>_<userId>`, so a redelivered event
 * writes nothing new. The actor of a change is not told about their own action.
 */
@Injectable()
export class NotificationService {
  private readonly logger = new Logger(NotificationService.name);

  constructor(
    private readonly repo: NotificationRepository,
    private readonly region: RegionService,
    private readonly outbox: MailOutbox,
    private readonly tx: TransactionRunner,
    private readonly timing: MailTiming,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async handle(event: DomainEventJob): Promise<number> {
    const plans = await this.plan(event);
    if (!plans.length) return 0;
    const timezone = await this.region.timezone();
    const now = this.clock.now();
    // Keyed by the escalation when there is one, so the team hears about an escalation once (its
    // `ticket.escalated` and a late `escalation.routed` are one announcement). A return is its own.
    const escalationId = event.type === 'ticket.returned' ? undefined : str(event.payload.escalationId);
    const eventKey = escalationId ? `escalation-${escalationId}` : event.eventId;
    const mails: OutgoingMail[] = [];
    for (const plan of plans) {
      const notBefore = await this.timing.notBefore(plan.urgent, now);
      // Rendered once per language; each reader's name goes into the greeting.
      const renderers = new Map<Locale, (recipientName: string) => MailBody>();
      const renderFor = (locale: Locale) => {
        let render = renderers.get(locale);
        if (!render) {
          render = notificationRenderer({
            ...plan.context,
            kind: plan.kind,
            locale,
            timezone,
            appUrl: this.config.appUrl,
          });
          renderers.set(locale, render);
        }
        return render;
      };
      for (const r of plan.recipients) {
        if (!wantsNotification(r.prefs, plan.kind)) continue;
        const body = renderFor(asLocale(r.locale))(r.name);
        mails.push({
          kind: plan.kind,
          to: r.email,
          userId: r.id,
          ...body,
          dedupeKey: `${eventKey}_${r.id}`,
          aggregateType: plan.aggregateType,
          aggregateId: plan.aggregateId,
          notBefore,
        });
      }
    }
    // The mails are one INSERT, atomic by itself (shared with the other events handled at the same
    // moment: group commit); a transaction only when attachments add more.
    const written = mails.some((m) => m.attachments?.length)
      ? await this.tx.run((em) => this.outbox.add(em, mails))
      : await this.outbox.write(mails);
    if (written.length) this.logger.log(`${event.type} ${event.eventId}: ${written.length} mail queued`);
    return written.length;
  }

  private async plan(event: DomainEventJob): Promise<Plan[]> {
    const p = event.payload ?? {};
    if (event.type.startsWith('incident.')) return this.planIncident(event);
    const ticket = await this.repo.ticket(event.aggregateId);
    if (!ticket) return [];
    const actorId = str(p.actorId);
    const others = (rs: Recipient[]) => rs.filter((r) => r.id !== actorId);
    const plan = (kind: NotificationKind, recipients: Recipient[], urgent: boolean, extra = {}): Plan => ({
      kind,
      recipients,
      urgent,
      context: { ticket, ...extra },
      aggregateType: 'ticket',
      aggregateId: ticket.id,
    });
    const urgentTicket = isUrgentPriority(ticket.priority);
    switch (event.type) {
      case 'ticket.created': {
        // One read for both mails (every filed ticket runs it): the requester and the PD's Tier 1
        // desk. Everyone it returns other than the requester is on the desk.
        const people = await this.repo.recipients([
          { kind: 'users', ids: [ticket.requesterId] },
          { kind: 'role-in-unit', role: 'tier1', unitId: ticket.unitId },
        ]);
        return [
          // The receipt answers the requester's own action: it goes at once, whatever the hour.
          plan(
            NotificationKind.TicketReceipt,
            people.filter((r) => r.id === ticket.requesterId),
            true,
          ),
          plan(
            NotificationKind.TicketCreated,
            people.filter((r) => r.id !== ticket.createdById && r.id !== ticket.requesterId),
            urgentTicket,
          ),
        ];
      }
      case 'ticket.assigned': {
        if (!ticket.assigneeId) return [];
        const assignee = await this.repo.recipients([{ kind: 'users', ids: [ticket.assigneeId] }]);
        return [plan(NotificationKind.TicketAssigned, others(assignee), urgentTicket)];
      }
      case 'ticket.escalated':
      case 'escalation.routed': {
        // An escalation is routed in its own transaction, so `ticket.escalated` tells the team.
        // `escalation.routed` is only written by the migration that retired the routing job, for
        // escalations whose job was still pending then (docs/architecture.md, "Jobs").
        const teamId = str(p.teamId) ?? ticket.teamId;
        if (!teamId) return [];
        const members = await this.repo.recipients([{ kind: 'team', teamId }]);
        const urgent = typeof p.urgent === 'boolean' ? p.urgent : urgentTicket || p.automatic === true;
        // An automatic escalation (an SLA breach at Tier 1) is told to the supervisors too.
        const supervisors =
          p.automatic === true ? await this.repo.recipients([{ kind: 'role', role: 'supervisor' }]) : [];
        const team = others(members);
        const told = new Set(team.map((r) => r.id));
        return [
          plan(
            NotificationKind.TicketEscalated,
            [...team, ...others(supervisors).filter((r) => !told.has(r.id))],
            urgent,
            {
              escalation: {
                teamName: (await this.repo.teamName(teamId)) ?? ticket.teamName,
                reason: str(p.reason),
                automatic: p.automatic === true,
              },
            },
          ),
        ];
      }
      case 'sla.warned':
      case 'sla.breached':
      case 'sla.ladder': {
        const notify = Array.isArray(p.notify)
          ? p.notify.filter((n): n is string => typeof n === 'string')
          : [];
        const recipients = await this.repo.recipients(this.slaGroups(ticket, notify));
        const clock = str(p.clock) ?? 'resolution';
        const urgent =
          typeof p.urgent === 'boolean' ? p.urgent : isUrgentPriority(str(p.priority) ?? ticket.priority);
        return [
          plan(SLA_KINDS[event.type], recipients, urgent, {
            sla: {
              clock,
              level: typeof p.level === 'number' ? p.level : null,
              dueAt:
                (str(p.dueAt) ? new Date(p.dueAt as string) : null) ??
                (await this.repo.clockDue(ticket.id, clock)),
            },
          }),
        ];
      }
      case 'ticket.resolved': {
        // Whichever tier resolved it; news the requester waits for goes at once.
        const requester = await this.repo.recipients([{ kind: 'users', ids: [ticket.requesterId] }]);
        return [plan(NotificationKind.TicketResolved, others(requester), true)];
      }
      case 'ticket.commented': {
        const commentId = str(p.commentId);
        const comment = commentId ? await this.repo.comment(commentId) : null;
        if (!comment || comment.internal) return [];
        const quoted = { comment: { authorName: comment.authorName, body: comment.body } };
        if (actorId === ticket.requesterId) {
          // The requester wrote: the assignee, or the PD's Tier 1 desk while nobody has it.
          const group: RecipientGroup = ticket.assigneeId
            ? { kind: 'users', ids: [ticket.assigneeId] }
            : { kind: 'role-in-unit', role: 'tier1', unitId: ticket.unitId };
          const agents = await this.repo.recipients([group]);
          return [plan(NotificationKind.TicketRequesterComment, others(agents), urgentTicket, quoted)];
        }
        const requester = await this.repo.recipients([{ kind: 'users', ids: [ticket.requesterId] }]);
        return [plan(NotificationKind.TicketReply, others(requester), true, quoted)];
      }
      case 'ticket.returned': {
        const desk = await this.repo.recipients([
          { kind: 'role-in-unit', role: 'tier1', unitId: ticket.unitId },
        ]);
        return [
          plan(NotificationKind.TicketReturned, others(desk), urgentTicket, {
            returned: {
              teamName: str(p.teamId) ? await this.repo.teamName(p.teamId as string) : null,
              notes: str(p.notes),
            },
          }),
        ];
      }
      case 'ticket.auto_resumed': {
        if (!ticket.assigneeId) return [];
        const assignee = await this.repo.recipients([{ kind: 'users', ids: [ticket.assigneeId] }]);
        return [plan(NotificationKind.TicketAutoResumed, assignee, urgentTicket)];
      }
      default:
        return [];
    }
  }

  /** docs/domain.md, "SLA": the roles an SLA ladder level names, as people of this ticket. */
  private slaGroups(ticket: TicketFacts, notify: string[]): RecipientGroup[] {
    const groups: RecipientGroup[] = [];
    for (const role of new Set(notify)) {
      if (role === 'assignee' && ticket.assigneeId) groups.push({ kind: 'users', ids: [ticket.assigneeId] });
      if (role === 'tier1_desk') groups.push({ kind: 'role-in-unit', role: 'tier1', unitId: ticket.unitId });
      if (role === 'team' && ticket.teamId) groups.push({ kind: 'team', teamId: ticket.teamId });
      if (role === 'supervisors') groups.push({ kind: 'role', role: 'supervisor' });
      if (role === 'unit_head')
        groups.push({ kind: 'role-in-unit', role: 'unit_head', unitId: ticket.unitId });
    }
    return groups;
  }

  /**
   * Security incidents, from the event's payload (the incident itself stays confidential to its
   * lib): on report, CSIRT and supervisors at once, the reporting PD's head too for high and
   * critical, and the reporter's receipt; phase changes to the reporter; a missed acknowledgement
   * to supervisors. All urgent: never held for working hours.
   */
  private async planIncident(event: DomainEventJob): Promise<Plan[]> {
    const p = event.payload ?? {};
    const severity = str(p.severity) ?? 'medium';
    const unitId = str(p.unitId);
    const reporterId = str(p.reporterId);
    const actorId = str(p.actorId);
    const incident = {
      id: event.aggregateId,
      number: str(p.number) ?? '-',
      title: str(p.title) ?? '-',
      severity,
      category: str(p.category),
      unitName: unitId ? await this.repo.unitName(unitId) : null,
      reporterName: reporterId ? await this.repo.userName(reporterId) : null,
      detectedAt: str(p.detectedAt) ? new Date(p.detectedAt as string) : null,
      tlp: str(p.tlp) ?? 'amber',
      ackDueAt: str(p.ackDueAt)
        ? new Date(p.ackDueAt as string)
        : str(p.dueAt)
          ? new Date(p.dueAt as string)
          : null,
    };
    const plan = (kind: NotificationKind, recipients: Recipient[], extra = {}): Plan => ({
      kind,
      recipients,
      urgent: true,
      context: { incident: { ...incident, ...extra } },
      aggregateType: 'incident',
      aggregateId: event.aggregateId,
    });
    switch (event.type) {
      case 'incident.reported': {
        const groups: RecipientGroup[] = [
          { kind: 'role', role: 'csirt' },
          { kind: 'role', role: 'supervisor' },
        ];
        if (unitId && (severity === 'high' || severity === 'critical'))
          groups.push({ kind: 'role-in-unit', role: 'unit_head', unitId });
        const team = (await this.repo.recipients(groups)).filter((r) => r.id !== reporterId);
        const reporter = reporterId ? await this.repo.recipients([{ kind: 'users', ids: [reporterId] }]) : [];
        return [
          plan(NotificationKind.IncidentReported, team),
          plan(NotificationKind.IncidentReceipt, reporter),
        ];
      }
      case 'incident.phase_changed': {
        if (!reporterId || reporterId === actorId) return [];
        const reporter = await this.repo.recipients([{ kind: 'users', ids: [reporterId] }]);
        return [
          plan(NotificationKind.IncidentPhaseChanged, reporter, {
            phase: { from: str(p.from) ?? '-', to: str(p.to) ?? '-', note: str(p.note) },
            ackDueAt: null,
          }),
        ];
      }
      case 'incident.severity_changed': {
        // Raised into high or critical: the reporting PD's head hears of it now, as on a report.
        const raised =
          ['high', 'critical'].includes(severity) && !['high', 'critical'].includes(str(p.from) ?? '');
        if (!raised || !unitId) return [];
        const heads = (
          await this.repo.recipients([{ kind: 'role-in-unit', role: 'unit_head', unitId }])
        ).filter((r) => r.id !== reporterId);
        return [plan(NotificationKind.IncidentReported, heads)];
      }
      case 'incident.ack_breached': {
        const supervisors = await this.repo.recipients([{ kind: 'role', role: 'supervisor' }]);
        return [plan(NotificationKind.IncidentAckBreached, supervisors)];
      }
      default:
        return [];
    }
  }
}
