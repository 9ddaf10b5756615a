import { Clock } from '@desk/common';
import { AppConfig } from '@desk/config';
import {
  TicketChangeContext,
  TicketCreatePlan,
  TicketDraft,
  TicketLifecycleHook,
  TicketPatch,
  TicketRepository,
  TicketRow,
  TicketStatus,
} from '@desk/tickets';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ALWAYS_OPEN, CalendarMath, PauseSpan } from './business-time';
import { addWorkingDays, BusinessCalendarService } from './business-calendar.service';
import { ClockRow, isRunning, meet, place, startClock } from './sla-clock.engine';
import { SlaPolicyService, targetOf } from './sla-policy.service';
import { SlaRepository } from './sla.repository';
import { ClockStep, FINAL, movesClocks, policyTarget, queueDue, record, rulesOf } from './sla-clock-step';
import { ClockName } from './sla.types';

/** Outbox event asking the worker to (re)arm the BullMQ timers of a ticket's clocks. */
export const TIMERS_EVENT = 'sla.timers';

/**
 * The SLA engine's part in every ticket change (registered on TicketService by SlaModule): starts the
 * clocks when a ticket is filed (inside its single insert statement), meets, pauses, resumes, stops and
 * re-places them as the ticket moves, keeps the pause log, and returns the ticket's due columns.
 */
@Injectable()
export class SlaLifecycleHook implements TicketLifecycleHook {
  constructor(
    private readonly repo: SlaRepository,
    private readonly tickets: TicketRepository,
    private readonly policies: SlaPolicyService,
    private readonly calendar: BusinessCalendarService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async mathFor(kind: 'business' | '24x7'): Promise<CalendarMath> {
    return kind === '24x7' ? ALWAYS_OPEN : this.calendar.math();
  }

  async planCreate(draft: TicketDraft): Promise<TicketCreatePlan> {
    const policy = await this.policies.match(draft.kind, draft.priority);
    const math = await this.mathFor(policy.calendar);
    const rules = rulesOf(policy);
    const clocks = [ClockName.Response, ClockName.Resolution].map((clock) =>
      startClock(
        clock,
        { id: policy.id, calendar: policy.calendar, seconds: targetOf(policy, clock) },
        rules,
        math,
        draft.now,
      ),
    );
    const [response, resolution] = clocks;
    const values = JSON.stringify(
      clocks.map((c) => ({
        clock: c.clock,
        policy_id: c.policyId,
        calendar: c.calendar,
        target_seconds: c.targetSeconds,
        due_at: c.dueAt,
        warn_at: c.warnAt,
        next_ladder_at: c.nextLadderAt,
        next_fire_at: c.nextFireAt,
      })),
    );
    return {
      columns: {
        responseDueAt: response.dueAt,
        resolutionDueAt: resolution.dueAt,
        queueDueAt: response.dueAt,
      },
      // The `ticket.created` event of the same statement arms the timers (no extra outbox row).
      ctes: (bind, scope) => [
        `${scope.name('sla_clocks')} AS (
           INSERT INTO ticket_sla_clock (ticket_id, clock, policy_id, calendar, target_seconds, started_at, due_at,
                                         warn_at, next_ladder_at, next_fire_at, revision)
           SELECT ins.id, v.clock, v.policy_id, v.calendar, v.target_seconds, ins.created_at, v.due_at, v.warn_at,
                  v.next_ladder_at, v.next_fire_at, 1
             FROM ${scope.ins} ins CROSS JOIN jsonb_to_recordset(${bind(values)}::jsonb)
               AS v(clock text, policy_id uuid, calendar text, target_seconds int, due_at timestamptz,
                    warn_at timestamptz, next_ladder_at timestamptz, next_fire_at timestamptz))`,
      ],
    };
  }

  async onChange(ctx: TicketChangeContext): Promise<TicketPatch | void> {
    if (!movesClocks(ctx)) return;
    const step = await this.load(ctx);
    await this.responseClock(step);
    await this.resolutionClock(step);
    await this.tier2Clock(step);

    const { a, b, now, byName } = step;
    await this.repo.writeChange(ctx.em, a.id, {
      clocks: step.changed,
      endPause: step.endPause,
      startPause: step.startPause,
      events: step.timers.length
        ? [
            {
              type: TIMERS_EVENT,
              aggregateType: 'ticket',
              aggregateId: a.id,
              payload: { clocks: step.timers },
            },
          ]
        : [],
    });
    const columns: TicketPatch = {
      responseDueAt: byName.get(ClockName.Response)!.dueAt,
      resolutionDueAt: byName.get(ClockName.Resolution)!.dueAt,
      queueDueAt: queueDue(a, [...byName.values()]),
    };
    if (a.status === TicketStatus.Resolved && b.status !== TicketStatus.Resolved) {
      columns.autoCloseAt = addWorkingDays(
        await this.calendar.math(),
        now,
        this.config.AUTO_CLOSE_BUSINESS_DAYS,
      );
    }
    return columns;
  }

  /** The ticket's clocks and pause log as stored, with the pause this change starts or ends. */
  private async load(ctx: TicketChangeContext): Promise<ClockStep> {
    const { before: b, after: a, now } = ctx;
    const { clocks: stored, pauses: log } = await this.repo.clocksOf(ctx.em, a.id);
    const at = now.getTime();
    const pauses: PauseSpan[] = log.map((p) => ({ ...p }));
    const wasPending = b.status === TicketStatus.Pending;
    const isPending = a.status === TicketStatus.Pending;
    const wasResolved = b.status === TicketStatus.Resolved;
    const isResolved = a.status === TicketStatus.Resolved;
    let endPause: Date | null = null;
    let startPause: ClockStep['startPause'] = null;
    if ((wasPending && !isPending) || (wasResolved && !isResolved)) {
      endPause = now;
      for (const p of pauses) if (p.end === null) p.end = at;
    }
    if ((isPending && !wasPending) || (isResolved && !wasResolved)) {
      startPause = { reason: isPending ? 'pending' : 'resolved', at: now };
      pauses.push({ start: at, end: null });
    }
    const policy = await this.policies.match(a.kind, a.priority);
    const byName = new Map(stored.map((c) => [c.clock, c]));
    // Tickets filed before the engine existed always got clocks from the migration; this covers a
    // clock missing for any other reason.
    for (const clock of [ClockName.Response, ClockName.Resolution]) {
      if (!byName.has(clock)) {
        const math = await this.mathFor(policy.calendar);
        const c = startClock(
          clock,
          policyTarget(policy, clock),
          rulesOf(policy),
          math,
          new Date(a.createdAt),
        );
        byName.set(clock, place(c, rulesOf(policy), math, pauses, at));
      }
    }
    return { ctx, b, a, now, at, pauses, policy, byName, endPause, startPause, changed: [], timers: [] };
  }

  /** The response clock: met by the first response the requester sees. */
  private responseClock(step: ClockStep): Promise<void> {
    return this.moveRunning(step, ClockName.Response, !!step.a.firstResponseAt);
  }

  /**
   * The resolution clock: met when the ticket is resolved; a reopened ticket's clock (met at resolve)
   * runs again, without the time spent resolved.
   */
  private async resolutionClock(step: ClockStep): Promise<void> {
    const { a, b } = step;
    await this.moveRunning(
      step,
      ClockName.Resolution,
      a.status === TicketStatus.Resolved && b.status !== TicketStatus.Resolved,
    );
    const resolution = step.byName.get(ClockName.Resolution)!;
    const reopened = b.status === TicketStatus.Resolved && a.status !== TicketStatus.Resolved;
    if (!reopened || FINAL.includes(a.status) || !resolution.metAt) return;
    const p = (await this.policies.byId(resolution.policyId)) ?? step.policy;
    const c = place(
      { ...resolution, metAt: null, businessSeconds: null, revision: resolution.revision + 1 },
      rulesOf(p),
      await this.mathFor(resolution.calendar),
      step.pauses,
      step.at,
    );
    record(step, c, true);
  }

  /**
   * Tier 2's pick-up clock: starts (again) at each escalation, stops unbreached when the ticket is
   * returned before pick-up, and is met when Tier 2 takes the ticket, replies or resolves it.
   */
  private async tier2Clock(step: ClockStep): Promise<void> {
    const { ctx, a, b, policy, now } = step;
    const name = ClockName.Tier2Response;
    const original = step.byName.get(name);
    if (b.tier === 1 && a.tier === 2) {
      const math = await this.mathFor(policy.calendar);
      const c = startClock(
        name,
        policyTarget(policy, name),
        rulesOf(policy),
        math,
        now,
        (original?.revision ?? 0) + 1,
      );
      record(step, c, true);
      return;
    }
    if (!original || !isRunning(original)) return;
    if (b.tier === 2 && a.tier === 1 && !FINAL.includes(a.status)) {
      record(step, { ...original, stoppedAt: now, pausedAt: null, nextFireAt: null }, false);
      return;
    }
    const tier2Agent =
      ctx.action === 'commented' && a.tier === 2 && ctx.actorId
        ? await this.repo.hasRole(ctx.em, ctx.actorId, 'tier2')
        : false;
    const pickedUp =
      a.tier === 2 &&
      ctx.action !== 'escalated' &&
      ((!!a.assigneeId && a.assigneeId !== b.assigneeId) || tier2Agent || a.status === TicketStatus.Resolved);
    await this.moveRunning(step, name, pickedUp);
  }

  /**
   * A running clock through one change: stopped when the ticket closes or is cancelled, met when
   * `met`, else paused while pending, resumed after, and re-targeted when the priority changed (then
   * re-placed on the calendar under a new revision, with its timers re-armed).
   */
  private async moveRunning(step: ClockStep, name: ClockName, met: boolean): Promise<void> {
    const { a, b, now, at, pauses, policy } = step;
    const original = step.byName.get(name);
    if (!original || !isRunning(original)) return;
    let c = original;
    if (FINAL.includes(a.status)) {
      c = { ...c, stoppedAt: now, pausedAt: null, nextFireAt: null };
    } else if (met) {
      c = meet(c, await this.mathFor(c.calendar), pauses, at);
    } else {
      const isPending = a.status === TicketStatus.Pending;
      let replace = false;
      if (isPending && !c.pausedAt) c = { ...c, pausedAt: now, nextFireAt: null };
      if (!isPending && c.pausedAt) {
        c = { ...c, pausedAt: null };
        replace = true;
      }
      const retarget = a.priority !== b.priority;
      if (retarget) {
        c = { ...c, policyId: policy.id, calendar: policy.calendar, targetSeconds: targetOf(policy, name) };
        replace = true;
      }
      if (replace) {
        const p = retarget ? policy : ((await this.policies.byId(original.policyId)) ?? policy);
        c = place({ ...c, revision: c.revision + 1 }, rulesOf(p), await this.mathFor(c.calendar), pauses, at);
        record(step, c, true);
        return;
      }
    }
    if (c !== original) record(step, c, false);
  }

  /**
   * A policy's targets, calendar or ladder changed: re-places the ticket's running clocks under it,
   * from their start and with the whole pause log, and keeps the ticket's due columns in step.
   */
  replaceForPolicy(em: EntityManager, ticketId: string, policyId: string): Promise<boolean> {
    return this.replaceClocks(em, ticketId, (c) => c.policyId === policyId);
  }

  /** The working calendar changed (hours, holidays, time zone): re-places the business-time clocks. */
  replaceForCalendar(em: EntityManager, ticketId: string): Promise<boolean> {
    return this.replaceClocks(em, ticketId, (c) => c.calendar === 'business');
  }

  /**
   * A ticket filed `hours` before it was (the demo seed): its clocks start that much earlier and are
   * placed again on the working calendar, so every due time falls inside working hours.
   */
  async startedEarlier(em: EntityManager, ticketId: string, hours: number): Promise<void> {
    await this.repo.backdateClocks(em, ticketId, hours);
    await this.replaceForCalendar(em, ticketId);
  }

  /** Re-places the running clocks `pick` selects under their policy as it is now. */
  private async replaceClocks(
    em: EntityManager,
    ticketId: string,
    pick: (c: ClockRow) => boolean,
  ): Promise<boolean> {
    const ticket = await this.tickets.lockSummary(em, ticketId);
    if (!ticket) return false;
    const { clocks, pauses } = await this.repo.clocksOf(em, ticketId);
    const at = this.clock.now().getTime();
    const changed: ClockRow[] = [];
    const timers: { clock: string; revision: number }[] = [];
    for (const c of clocks) {
      if (!pick(c) || !isRunning(c) || !c.policyId) continue;
      const policy = await this.policies.byId(c.policyId);
      if (!policy) continue;
      const next = place(
        {
          ...c,
          calendar: policy.calendar,
          targetSeconds: targetOf(policy, c.clock),
          revision: c.revision + 1,
        },
        rulesOf(policy),
        await this.mathFor(policy.calendar),
        pauses,
        at,
      );
      changed.push(next);
      if (next.nextFireAt) timers.push({ clock: c.clock, revision: next.revision });
    }
    if (!changed.length) return false;
    await this.repo.writeChange(em, ticketId, {
      clocks: changed,
      endPause: null,
      startPause: null,
      events: timers.length
        ? [
            {
              type: TIMERS_EVENT,
              aggregateType: 'ticket',
              aggregateId: ticketId,
              payload: { clocks: timers },
            },
          ]
        : [],
    });
    const all = clocks.map((c) => changed.find((x) => x.clock === c.clock) ?? c);
    const due = (name: ClockName) => all.find((c) => c.clock === name)?.dueAt ?? null;
    await this.tickets.syncDue(em, ticketId, {
      responseDueAt: due(ClockName.Response),
      resolutionDueAt: due(ClockName.Resolution),
      queueDueAt: queueDue(ticket, all),
    });
    return true;
  }

  /** First response meets the response clock, resolving the resolution clock, Tier 2 picking it up theirs. */
  private meets(name: ClockName, b: TicketRow, a: TicketRow, action: string, tier2Agent: boolean): boolean {
    switch (name) {
      case ClockName.Response:
        return !!a.firstResponseAt;
      case ClockName.Resolution:
        return a.status === TicketStatus.Resolved && b.status !== TicketStatus.Resolved;
      case ClockName.Tier2Response:
        return (
          a.tier === 2 &&
          action !== 'escalated' &&
          ((!!a.assigneeId && a.assigneeId !== b.assigneeId) ||
            tier2Agent ||
            a.status === TicketStatus.Resolved)
        );
    }
  }
}
