import { Clock, DomainError } from '@desk/common';
import { OutboxRepository, TransactionRunner } from '@desk/database';
import { Actor } from '@desk/org-auth';
import { BusinessCalendarService } from '@desk/sla';
import { localYear, TicketService } from '@desk/tickets';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConvertToIncidentDto, ReportIncidentDto } from './dto/incident.dto';
import { IncidentDetailView } from './dto/incident.view';
import { CLOCK_SKEW_MS, IncidentAckClock } from './incident-ack-clock';
import { IncidentQueryService } from './incident-query.service';
import { IncidentRepository } from './incident.repository';
import { NewIncident } from './incident.rows';
import { IncidentEvents, IncidentSeverity } from './incident.types';

/**
 * Filing incidents: a report by anyone, or a ticket turned into an incident. Each writes the
 * incident, its first timeline line and the `incident.reported` outbox event in one transaction,
 * with the acknowledgement deadline of its severity.
 */
@Injectable()
export class IncidentFilingService {
  constructor(
    private readonly repo: IncidentRepository,
    private readonly query: IncidentQueryService,
    private readonly outbox: OutboxRepository,
    private readonly tx: TransactionRunner,
    private readonly calendar: BusinessCalendarService,
    private readonly tickets: TicketService,
    private readonly ackClock: IncidentAckClock,
    private readonly clock: Clock,
  ) {}

  async report(actor: Actor, dto: ReportIncidentDto): Promise<IncidentDetailView> {
    const now = this.clock.now();
    if (dto.detectedAt.getTime() > now.getTime() + CLOCK_SKEW_MS)
      throw DomainError.invalidField('detectedAt', 'detectedAt must not be in the future');
    const id = await this.tx.run(async (em) => {
      const created = await this.insertIncident(em, {
        reporterId: actor.id,
        unitId: actor.unitId,
        title: dto.title,
        description: dto.description,
        category: dto.category,
        severity: dto.severity,
        affectedSystems: (dto.affectedSystems ?? []).map((s) => s.trim()).filter(Boolean),
        detectedAt: dto.detectedAt,
        dataSecured: dto.dataSecured ?? false,
        containmentActions: dto.containmentActions || null,
        linkedTicketId: null,
        actorId: actor.id,
        now,
      });
      return created.id;
    });
    return this.query.get(actor, id);
  }

  /** Inserts an incident with its first timeline line and the `incident.reported` outbox event. */
  private async insertIncident(
    em: EntityManager,
    n: Omit<NewIncident, 'severity' | 'ackDueAt' | 'number'> & {
      severity: IncidentSeverity;
      actorId: string;
      note?: string;
      number?: string;
    },
  ): Promise<{ id: string; number: string }> {
    const ackDueAt = await this.ackClock.dueAt(n.severity, n.now);
    const number =
      n.number ?? (await this.repo.nextNumber(em, localYear(n.now, await this.calendar.timezone())));
    const created = await this.repo.insert(em, { ...n, ackDueAt, number });
    await this.repo.addEvent(em, {
      incidentId: created.id,
      actorId: n.actorId,
      action: 'reported',
      note: n.note ?? null,
      data: { severity: n.severity, category: n.category, ackDueAt: ackDueAt.toISOString() },
      at: n.now,
    });
    await this.outbox.add(em, [
      {
        type: IncidentEvents.Reported,
        aggregateType: 'incident',
        aggregateId: created.id,
        payload: {
          number: created.number,
          title: n.title,
          severity: n.severity,
          category: n.category,
          tlp: 'amber',
          unitId: n.unitId,
          reporterId: n.reporterId,
          actorId: n.actorId,
          detectedAt: n.detectedAt.toISOString(),
          ackDueAt: ackDueAt.toISOString(),
          reportedAt: n.now.toISOString(),
        },
      },
    ]);
    return created;
  }

  /**
   * Turns a ticket into an incident in one transaction: the ticket (which the actor must work) is
   * closed and sealed, its requester becomes the reporter, its description, comments and files move
   * to the incident. Its requester still sees the ticket, saying which incident it became. The
   * answer names the incident only: Tier 1 and Tier 2 hand it over, they do not get to read it.
   */
  async convertTicket(
    actor: Actor,
    ticketId: string,
    dto: ConvertToIncidentDto,
  ): Promise<{ incident: { id: string; number: string }; ticket: { id: string; number: string } }> {
    const now = this.clock.now();
    if (dto.detectedAt && dto.detectedAt.getTime() > now.getTime() + CLOCK_SKEW_MS)
      throw DomainError.invalidField('detectedAt', 'detectedAt must not be in the future');
    const year = localYear(now, await this.calendar.timezone());
    return this.tx.run(async (em) => {
      // The number is drawn once the ticket's checks passed, so the sealed ticket can name it.
      let number = '';
      const ticket = await this.tickets.sealInTransaction(em, actor, ticketId, {
        action: 'convert to an incident',
        wording: async () => {
          number = await this.repo.nextNumber(em, year);
          return {
            title: `Dialihkan menjadi insiden keamanan ${number}`,
            notice: `Laporan ini kini ditangani secara rahasia oleh CSIRT sebagai insiden keamanan ${number}.`,
          };
        },
      });
      const created = await this.insertIncident(em, {
        reporterId: ticket.requesterId,
        unitId: ticket.unitId,
        title: ticket.title,
        description: ticket.description,
        category: dto.category,
        severity: dto.severity,
        affectedSystems: [],
        detectedAt: dto.detectedAt ?? new Date(ticket.createdAt),
        dataSecured: false,
        containmentActions: null,
        linkedTicketId: ticket.id,
        actorId: actor.id,
        now,
        note: `Dari tiket ${ticket.number}`,
        number,
      });
      for (const c of ticket.comments) {
        await this.repo.addEvent(em, {
          incidentId: created.id,
          actorId: c.authorId,
          action: 'note',
          note: c.body,
          data: { fromTicket: ticket.number, internal: c.internal },
          at: new Date(c.createdAt),
        });
      }
      for (const a of ticket.attachments) {
        await this.repo.addEvidence(em, { ...a, incidentId: created.id, at: new Date(a.createdAt) });
        await this.repo.addEvent(em, {
          incidentId: created.id,
          actorId: a.uploaderId,
          action: 'evidence_added',
          note: a.fileName,
          data: { evidenceId: a.id, sha256: a.sha256, sizeBytes: a.sizeBytes, fromTicket: ticket.number },
          at: now,
        });
      }
      return { incident: created, ticket: { id: ticket.id, number: ticket.number } };
    });
  }
}
