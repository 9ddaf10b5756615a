import { Clock, DomainError, ErrorCode } from '@desk/common';
import { OutboxRepository, TransactionRunner } from '@desk/database';
import { Actor, hasRole, OrgRepository, Role } from '@desk/org-auth';
import { addWorkingDays, BusinessCalendarService } from '@desk/sla';
import {
  AttachmentStorage,
  attachmentType,
  bytesMatchName,
  localYear,
  MAX_ATTACHMENT_BYTES,
  TicketService,
} from '@desk/tickets';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  AssignIncidentDto,
  BssnReportDto,
  ConvertToIncidentDto,
  IncidentNoteDto,
  IndicatorDto,
  ListIncidentsQuery,
  PhaseDto,
  ReportIncidentDto,
  SeverityDto,
  TlpDto,
} from './dto/incident.dto';
import {
  IncidentDetailView,
  IncidentIndicatorView,
  IncidentPage,
  IncidentTimelineEntry,
  IncidentView,
} from './dto/incident.view';
import { IncidentRepository, IncidentRow } from './incident.repository';
import {
  ACK_TARGET_MINUTES,
  IncidentEvents,
  IncidentPhase,
  IncidentSeverity,
  nextPhase,
  tlpLabel,
} from './incident.types';
import { IncidentErrors } from './incidents.errors';
import { normaliseIndicator } from './indicator.validation';

const MINUTE = 60_000;
/** A detection time this little ahead of the server's clock is the reporter's clock skew, not the future. */
const CLOCK_SKEW_MS = 2 * MINUTE;

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

interface Change {
  patch: Record<string, unknown>;
  action: string;
  note?: string | null;
  data?: Record<string, unknown>;
  /** Outbox events besides the timeline line (notifications, timers). */
  events?: { type: string; payload: Record<string, unknown> }[];
}

/**
 * Security incidents: reporting, the confidential reads, the NIST response phases, indicators,
 * evidence, TLP and the BSSN reference. Reads go through the repository's scope (reporter, CSIRT,
 * supervisors); everything else answers 404 as if the incident did not exist.
 */
@Injectable()
export class IncidentService {
  constructor(
    private readonly repo: IncidentRepository,
    private readonly org: OrgRepository,
    private readonly outbox: OutboxRepository,
    private readonly tx: TransactionRunner,
    private readonly storage: AttachmentStorage,
    private readonly calendar: BusinessCalendarService,
    private readonly tickets: TicketService,
    private readonly clock: Clock,
  ) {}

  /** When the acknowledgement falls due: 24x7 minutes by severity, one working day for `low`. */
  async ackDueAt(severity: IncidentSeverity, from: Date): Promise<Date> {
    const target = ACK_TARGET_MINUTES[severity];
    if (target === 'one-business-day') return addWorkingDays(await this.calendar.math(), from, 1);
    return new Date(from.getTime() + target * MINUTE);
  }

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
    return this.get(actor, id);
  }

  /** Inserts an incident with its first timeline line and the `incident.reported` outbox event. */
  private async insertIncident(
    em: EntityManager,
    n: {
      reporterId: string;
      unitId: string;
      title: string;
      description: string;
      category: string;
      severity: IncidentSeverity;
      affectedSystems: string[];
      detectedAt: Date;
      dataSecured: boolean;
      containmentActions: string | null;
      linkedTicketId: string | null;
      actorId: string;
      now: Date;
      note?: string;
      number?: string;
    },
  ): Promise<{ id: string; number: string }> {
    const ackDueAt = await this.ackDueAt(n.severity, n.now);
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

  async list(actor: Actor, query: ListIncidentsQuery): Promise<IncidentPage> {
    const rows = await this.repo.list(actor, {
      phase: query.phase,
      severity: query.severity,
      mine: query.reporter === 'mine',
      sort: query.sort ?? 'ack',
      limit: Math.min(query.limit ?? 50, 200),
    });
    return { items: rows.map(toView) };
  }

  async get(actor: Actor, id: string): Promise<IncidentDetailView> {
    const row = await this.visibleOrThrow(actor, id);
    const [indicators, evidence] = await Promise.all([this.repo.indicators(id), this.repo.evidence(id)]);
    return {
      ...toView(row),
      indicators: indicators.map(indicatorView),
      evidence: evidence.map((e) => ({
        id: e.id,
        fileName: e.fileName,
        contentType: e.contentType,
        sizeBytes: e.sizeBytes,
        sha256: e.sha256,
        uploader: { id: e.uploaderId, name: e.uploaderName },
        createdAt: iso(e.createdAt)!,
      })),
    };
  }

  async timeline(actor: Actor, id: string): Promise<IncidentTimelineEntry[]> {
    await this.visibleOrThrow(actor, id);
    return (await this.repo.timeline(id)).map((e) => ({
      id: e.id,
      action: e.action,
      note: e.note,
      data: e.data,
      actor: e.actorId ? { id: e.actorId, name: e.actorName ?? '' } : null,
      createdAt: iso(e.createdAt)!,
    }));
  }

  /**
   * The incident events after outbox id `afterEventId`, oldest first, for a live stream that
   * reconnects: only CSIRT users and supervisors watch every incident (anyone else: 404, as for an
   * incident they cannot see). At most `limit`; older than a day is left to the page's own reload.
   */
  async liveBacklog(
    actor: Actor,
    afterEventId: string,
    limit = 500,
  ): Promise<{ eventId: string; type: string; incidentId: string }[]> {
    if (!canWatchAllIncidents(actor)) throw IncidentErrors.notFound();
    const since = new Date(this.clock.now().getTime() - 24 * 3600_000);
    return this.repo.eventsAfter(afterEventId, since, limit);
  }

  private async visibleOrThrow(actor: Actor, id: string, em?: EntityManager): Promise<IncidentRow> {
    const row = await this.repo.findVisible(actor, id, em);
    if (!row) throw IncidentErrors.notFound();
    return row;
  }

  private isCsirt(actor: Actor): boolean {
    return hasRole(actor, Role.Csirt);
  }

  /** NIST phases one step at a time; leaving `reported` is the acknowledgement. */
  changePhase(actor: Actor, id: string, dto: PhaseDto): Promise<IncidentDetailView> {
    return this.change(actor, id, dto.version, 'change the phase', async (i, now) => {
      const next = nextPhase(i.phase);
      if (dto.phase !== next) throw IncidentErrors.phaseSkipped(i.phase, dto.phase, next);
      const patch: Record<string, unknown> = { phase: dto.phase };
      if (dto.phase === IncidentPhase.Closed) {
        if (!dto.lessonsLearned || dto.lessonsLearned.length < 10)
          throw DomainError.invalidField(
            'lessonsLearned',
            'lessonsLearned (at least 10 characters) is required to close an incident',
          );
        Object.assign(patch, { lessonsLearned: dto.lessonsLearned, closedAt: now });
      } else if (dto.lessonsLearned) {
        patch.lessonsLearned = dto.lessonsLearned;
      }
      if (!i.acknowledgedAt) patch.acknowledgedAt = now;
      return {
        patch,
        action: 'phase_changed',
        note: dto.note,
        data: { from: i.phase, to: dto.phase },
        events: [
          {
            type: IncidentEvents.PhaseChanged,
            payload: {
              number: i.number,
              title: i.title,
              from: i.phase,
              to: dto.phase,
              note: dto.note,
              tlp: i.tlp,
              reporterId: i.reporterId,
            },
          },
        ],
      };
    });
  }

  assign(actor: Actor, id: string, dto: AssignIncidentDto): Promise<IncidentDetailView> {
    return this.change(actor, id, dto.version, 'assign', async (i, now, em) => {
      if (i.phase === IncidentPhase.Closed) throw IncidentErrors.closed('assign');
      const user = await this.org.findUserView(dto.assigneeId, em);
      if (!user || !user.active || !user.roles.includes(Role.Csirt))
        throw DomainError.invalidField('assigneeId', 'assignee must be an active CSIRT user');
      const patch: Record<string, unknown> = { assigneeId: user.id };
      if (!i.acknowledgedAt) patch.acknowledgedAt = now;
      return { patch, action: 'assigned', data: { assigneeId: user.id, assigneeName: user.name } };
    });
  }

  /** A note on the timeline: the CSIRT's work, or more facts from the reporter. */
  addNote(actor: Actor, id: string, dto: IncidentNoteDto): Promise<IncidentDetailView> {
    return this.change(
      actor,
      id,
      undefined,
      'add notes',
      async (i) => {
        if (i.phase === IncidentPhase.Closed) throw IncidentErrors.closed('add notes to');
        return { patch: {}, action: 'note', note: dto.body };
      },
      true,
    );
  }

  addIndicator(actor: Actor, id: string, dto: IndicatorDto): Promise<IncidentDetailView> {
    return this.change(actor, id, undefined, 'edit indicators', async (i, now, em) => {
      const checked = normaliseIndicator(dto.type, dto.value);
      if ('error' in checked) {
        const shown = dto.value.length > 100 ? `${dto.value.slice(0, 100)}…` : dto.value;
        const message = `indicator '${shown}' ${checked.error}`;
        throw new DomainError(ErrorCode.Validation, message, { errors: [{ field: 'value', message }] });
      }
      const added = await this.repo.addIndicator(em, {
        incidentId: i.id,
        type: dto.type,
        value: checked.value,
        createdById: actor.id,
        at: now,
      });
      if (!added)
        throw new DomainError(
          ErrorCode.Conflict,
          `indicator ${dto.type} '${checked.value}' is already recorded`,
        );
      return {
        patch: {},
        action: 'indicator_added',
        data: { indicatorId: added.id, type: dto.type, value: checked.value },
      };
    });
  }

  removeIndicator(actor: Actor, id: string, indicatorId: string): Promise<IncidentDetailView> {
    return this.change(actor, id, undefined, 'edit indicators', async (i, _now, em) => {
      const removed = await this.repo.removeIndicator(em, i.id, indicatorId);
      if (!removed) throw DomainError.notFound('Indicator');
      return { patch: {}, action: 'indicator_removed', data: { indicatorId, ...removed } };
    });
  }

  setTlp(actor: Actor, id: string, dto: TlpDto): Promise<IncidentDetailView> {
    return this.change(actor, id, dto.version, 'change the TLP marking', async (i) => ({
      patch: { tlp: dto.tlp },
      action: 'tlp_changed',
      data: { from: i.tlp, to: dto.tlp },
    }));
  }

  /**
   * A CSIRT re-assessment of the severity, with its reason on the timeline. While the
   * acknowledgement clock runs, its deadline is recomputed from the report time with the new
   * target (raising it may make it due at once: the timer fires straight away) and its revision
   * moves on, so the timer of the old deadline goes stale. An acknowledged or already breached
   * clock is history and stays as it was.
   */
  changeSeverity(actor: Actor, id: string, dto: SeverityDto): Promise<IncidentDetailView> {
    return this.change(actor, id, dto.version, 'change the severity', async (i) => {
      if (i.phase === IncidentPhase.Closed) throw IncidentErrors.closed('change the severity of');
      if (dto.severity === i.severity)
        throw DomainError.invalidField('severity', `severity is already ${i.severity}`);
      const patch: Record<string, unknown> = { severity: dto.severity };
      const clockRuns = !i.acknowledgedAt && !i.ackBreachedAt;
      let ackDueAt: Date | null = null;
      if (clockRuns) {
        ackDueAt = await this.ackDueAt(dto.severity, new Date(i.createdAt));
        Object.assign(patch, { ackDueAt, ackRevision: i.ackRevision + 1 });
      }
      return {
        patch,
        action: 'severity_changed',
        note: dto.reason,
        data: {
          from: i.severity,
          to: dto.severity,
          ackDueAt: ackDueAt ? { from: iso(i.ackDueAt), to: ackDueAt.toISOString() } : null,
        },
        events: [
          {
            type: IncidentEvents.SeverityChanged,
            payload: {
              number: i.number,
              title: i.title,
              category: i.category,
              from: i.severity,
              to: dto.severity,
              severity: dto.severity,
              reason: dto.reason,
              tlp: i.tlp,
              unitId: i.unitId,
              reporterId: i.reporterId,
              detectedAt: iso(i.detectedAt),
              ackDueAt: ackDueAt?.toISOString() ?? null,
            },
          },
        ],
      };
    });
  }

  setBssnReport(actor: Actor, id: string, dto: BssnReportDto): Promise<IncidentDetailView> {
    return this.change(actor, id, dto.version, 'record the BSSN report', async (_i, now) => {
      if (dto.reportedAt && dto.reportedAt.getTime() > now.getTime() + CLOCK_SKEW_MS)
        throw DomainError.invalidField('reportedAt', 'reportedAt must not be in the future');
      const reportedAt = dto.reference ? (dto.reportedAt ?? now) : null;
      return {
        patch: { bssnReference: dto.reference, bssnReportedAt: reportedAt },
        action: 'bssn_reported',
        data: { reference: dto.reference, reportedAt: iso(reportedAt) },
      };
    });
  }

  /**
   * One change in a transaction: visibility (404), row lock, who may (403: CSIRT, or the reporter
   * where `reporterToo`), version (409), the rule, then the update, its timeline line and outbox.
   */
  private async change(
    actor: Actor,
    id: string,
    version: number | undefined,
    what: string,
    decide: (i: IncidentRow, now: Date, em: EntityManager) => Promise<Change>,
    reporterToo = false,
  ): Promise<IncidentDetailView> {
    await this.tx.run(async (em) => {
      await this.visibleOrThrow(actor, id, em);
      const i = await this.repo.lock(em, id);
      if (!this.isCsirt(actor) && !(reporterToo && i.reporterId === actor.id))
        throw IncidentErrors.notAllowed(what);
      if (version !== undefined && version !== i.version) throw IncidentErrors.stale(i.version);
      const now = this.clock.now();
      const change = await decide(i, now, em);
      await this.repo.update(em, id, change.patch, now);
      await this.repo.addEvent(em, {
        incidentId: id,
        actorId: actor.id,
        action: change.action,
        note: change.note,
        data: change.data,
        at: now,
      });
      // Every change leaves an outbox event: the live CSIRT workspace hears of each one.
      const events = change.events?.length
        ? change.events
        : [{ type: IncidentEvents.Updated, payload: { action: change.action } }];
      await this.outbox.add(
        em,
        events.map((e) => ({
          type: e.type,
          aggregateType: 'incident',
          aggregateId: id,
          payload: { ...e.payload, actorId: actor.id },
        })),
      );
    });
    return this.get(actor, id);
  }

  // --- evidence --------------------------------------------------------------------------------

  /** Evidence files: the ticket attachments' size and type rules; the SHA-256 is recorded. */
  async addEvidence(
    actor: Actor,
    id: string,
    file: { originalname: string; size: number; buffer: Buffer },
  ): Promise<IncidentDetailView> {
    const incident = await this.visibleOrThrow(actor, id);
    if (!this.isCsirt(actor) && incident.reporterId !== actor.id)
      throw IncidentErrors.notAllowed('add evidence');
    if (incident.phase === IncidentPhase.Closed) throw IncidentErrors.closed('add evidence to');
    if (file.size > MAX_ATTACHMENT_BYTES)
      throw new DomainError(ErrorCode.PayloadTooLarge, 'Files may be at most 10 MB');
    // eslint-disable-next-line no-control-regex
    const fileName = file.originalname.replace(/[\\/\u0000-\u001f]/g, '_').slice(-200) || 'file';
    const contentType = attachmentType(fileName);
    if (!contentType) {
      throw new DomainError(ErrorCode.UnsupportedMediaType, 'This file type is not allowed', {
        errors: [{ field: 'file', message: 'allowed: pdf, images, office documents, text, csv, zip' }],
      });
    }
    // The same byte check as ticket attachments: an executable renamed `.png` never lands.
    if (!(await bytesMatchName(fileName, file.buffer))) {
      throw new DomainError(ErrorCode.UnsupportedMediaType, 'The file’s content does not match its type', {
        errors: [{ field: 'file', message: `the bytes of this file are not a ${contentType} file` }],
      });
    }
    const stored = await this.storage.save(file.buffer);
    try {
      await this.tx.run(async (em) => {
        const i = await this.repo.lock(em, id);
        if (i.phase === IncidentPhase.Closed) throw IncidentErrors.closed('add evidence to');
        const now = this.clock.now();
        await this.repo.addEvidence(em, {
          id: stored.id,
          incidentId: id,
          uploaderId: actor.id,
          fileName,
          contentType,
          sizeBytes: file.size,
          sha256: stored.sha256,
          storageKey: stored.storageKey,
          at: now,
        });
        await this.repo.update(em, id, {}, now);
        await this.repo.addEvent(em, {
          incidentId: id,
          actorId: actor.id,
          action: 'evidence_added',
          note: fileName,
          data: { evidenceId: stored.id, sha256: stored.sha256, sizeBytes: file.size },
          at: now,
        });
        await this.outbox.add(em, [
          {
            type: IncidentEvents.Updated,
            aggregateType: 'incident',
            aggregateId: id,
            payload: { action: 'evidence_added', actorId: actor.id },
          },
        ]);
      });
    } catch (error) {
      await this.storage.remove(stored.storageKey); // no file without its row
      throw error;
    }
    return this.get(actor, id);
  }

  async openEvidence(actor: Actor, id: string, evidenceId: string) {
    await this.visibleOrThrow(actor, id);
    const e = (await this.repo.evidence(id)).find((x) => x.id === evidenceId);
    if (!e) throw DomainError.notFound('Evidence');
    return { ...e, stream: this.storage.open(e.storageKey) };
  }

  // --- conversion ------------------------------------------------------------------------------

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

/** CSIRT users and supervisors read every incident, and so may watch the live incident stream. */
export function canWatchAllIncidents(actor: Actor): boolean {
  return hasRole(actor, Role.Csirt, Role.Supervisor);
}

function indicatorView(i: {
  id: string;
  type: string;
  value: string;
  createdAt: Date;
}): IncidentIndicatorView {
  return {
    id: i.id,
    type: i.type as IncidentIndicatorView['type'],
    value: i.value,
    createdAt: iso(i.createdAt)!,
  };
}

export function toView(r: IncidentRow): IncidentView {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    description: r.description,
    category: r.category as IncidentView['category'],
    severity: r.severity,
    affectedSystems: r.affectedSystems ?? [],
    detectedAt: iso(r.detectedAt)!,
    dataSecured: r.dataSecured,
    containmentActions: r.containmentActions,
    phase: r.phase,
    tlp: r.tlp as IncidentView['tlp'],
    tlpLabel: tlpLabel(r.tlp),
    reporter: { id: r.reporterId, name: r.reporterName },
    unit: { id: r.unitId, name: r.unitName },
    assignee: r.assigneeId ? { id: r.assigneeId, name: r.assigneeName ?? '' } : null,
    bssn: { reference: r.bssnReference, reportedAt: iso(r.bssnReportedAt) },
    lessonsLearned: r.lessonsLearned,
    linkedTicket: r.linkedTicketId ? { id: r.linkedTicketId, number: r.linkedTicketNumber ?? '' } : null,
    ack: { dueAt: iso(r.ackDueAt)!, acknowledgedAt: iso(r.acknowledgedAt), breachedAt: iso(r.ackBreachedAt) },
    closedAt: iso(r.closedAt),
    version: r.version,
    createdAt: iso(r.createdAt)!,
    updatedAt: iso(r.updatedAt)!,
  };
}
