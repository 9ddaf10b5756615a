import { Clock, DomainError, ErrorCode } from '@desk/common';
import { OutboxRepository, TransactionRunner } from '@desk/database';
import { Actor, hasRole, OrgRepository, Role } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  AssignIncidentDto,
  BssnReportDto,
  IncidentNoteDto,
  IndicatorDto,
  PhaseDto,
  SeverityDto,
  TlpDto,
} from './dto/incident.dto';
import { IncidentDetailView } from './dto/incident.view';
import { CLOCK_SKEW_MS, IncidentAckClock } from './incident-ack-clock';
import { IncidentQueryService } from './incident-query.service';
import { iso } from './incident-view';
import { IncidentRepository } from './incident.repository';
import { IncidentPatch, IncidentRow } from './incident.rows';
import { IncidentEvents, IncidentPhase, nextPhase } from './incident.types';
import { IncidentErrors } from './incidents.errors';
import { normaliseIndicator } from './indicator.validation';

/** What one change of an incident writes: its columns, its timeline line and its outbox events. */
interface Change {
  patch: IncidentPatch;
  action: string;
  note?: string | null;
  data?: Record<string, unknown>;
  /** Outbox events besides the timeline line (notifications, timers). */
  events?: { type: string; payload: Record<string, unknown> }[];
}

/**
 * The CSIRT's work on an incident once reported: the NIST response phases (leaving `reported` is the
 * acknowledgement), assignment, notes, indicators, TLP, severity and the BSSN reference. Each is one
 * transaction through `change`: visibility (404), lock, who may (403), version (409), the rule.
 */
@Injectable()
export class IncidentTriageService {
  constructor(
    private readonly repo: IncidentRepository,
    private readonly query: IncidentQueryService,
    private readonly org: OrgRepository,
    private readonly outbox: OutboxRepository,
    private readonly tx: TransactionRunner,
    private readonly ackClock: IncidentAckClock,
    private readonly clock: Clock,
  ) {}

  /** NIST phases one step at a time; leaving `reported` is the acknowledgement. */
  changePhase(actor: Actor, id: string, dto: PhaseDto): Promise<IncidentDetailView> {
    return this.change(actor, id, dto.version, 'change the phase', async (i, now) => {
      const next = nextPhase(i.phase);
      if (dto.phase !== next) throw IncidentErrors.phaseSkipped(i.phase, dto.phase, next);
      const patch: IncidentPatch = { phase: dto.phase };
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
      const patch: IncidentPatch = { assigneeId: user.id };
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
      const patch: IncidentPatch = { severity: dto.severity };
      const clockRuns = !i.acknowledgedAt && !i.ackBreachedAt;
      let ackDueAt: Date | null = null;
      if (clockRuns) {
        ackDueAt = await this.ackClock.dueAt(dto.severity, new Date(i.createdAt));
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
      await this.query.visibleOrThrow(actor, id, em);
      const i = await this.repo.lock(em, id);
      if (!hasRole(actor, Role.Csirt) && !(reporterToo && i.reporterId === actor.id))
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
    return this.query.get(actor, id);
  }
}
