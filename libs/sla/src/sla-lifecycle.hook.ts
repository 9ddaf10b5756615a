import { Clock } from '@desk/common';
import { AppConfig } from '@desk/config';
import {
  NO_DUE,
  TicketChangeContext,
  TicketCreatePlan,
  TicketDraft,
  TicketLifecycleHook,
  TicketRow,
  TicketStatus,
} from '@desk/tickets';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ALWAYS_OPEN, CalendarMath, PauseSpan } from './business-time';
import { addWorkingDays, BusinessCalendarService } from './business-calendar.service';
import { ClockRow, ClockRules, isRunning, meet, place, startClock } from './sla-clock.engine';
import { SlaPolicyService, targetOf } from './sla-policy.service';
import { SlaRepository } from './sla.repository';
import { ClockName, SlaPolicy } from './sla.types';

/** Outbox event asking the worker to (re)arm the BullMQ timers of a ticket's clocks. */
export const TIMERS_EVENT = 'sla.timers';

const FINAL = [TicketStatus.Closed, TicketStatus.Cancelled];
const t0 = (d: Date | string | null | undefined) => (d ? new Date(d).getTime() : null);

export const rulesOf = (p: SlaPolicy): ClockRules => ({
  warnAt: p.warnAt,
  ladder: p.ladder,
  autoEscalateOnBreach: p.autoEscalateOnBreach,
});

/**
 * The SLA engine's part in every ticket change (registered on TicketService by SlaModule): starts the
 * clocks when a ticket is filed (inside its single insert statement), meets, pauses, resumes, stops and
 * re-places them as the ticket moves, keeps the pause log, and returns the ticket's due columns.
 */
@Injectable()
export class SlaLifecycleHook implements TicketLifecycleHook {
  constructor(
    private readonly repo: SlaRepository,
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
      ctes: (bind) => [
        `sla_clocks AS (
           INSERT INTO ticket_sla_clock (ticket_id, clock, policy_id, calendar, target_seconds, started_at, due_at,
                                         warn_at, next_ladder_at, next_fire_at, revision)
           SELECT ins.id, v.clock, v.policy_id, v.calendar, v.target_seconds, ins.created_at, v.due_at, v.warn_at,
                  v.next_ladder_at, v.next_fire_at, 1
             FROM ins CROSS JOIN jsonb_to_recordset(${bind(values)}::jsonb)
               AS v(clock text, policy_id uuid, calendar text, target_seconds int, due_at timestamptz,
                    warn_at timestamptz, next_ladder_at timestamptz, next_fire_at timestamptz))`,
      ],
    };
  }

  async onChange(ctx: TicketChangeContext): Promise<Record<string, unknown> | void> {
    const { before: b, after: a, now } = ctx;
    const relevant =
      b.status !== a.status ||
      b.priority !== a.priority ||
      b.tier !== a.tier ||
      b.assigneeId !== a.assigneeId ||
      t0(b.firstResponseAt) !== t0(a.firstResponseAt) ||
      (ctx.action === 'commented' && a.tier === 2);
    if (!relevant) return;

    const { clocks: stored, pauses: log } = await this.repo.clocksOf(ctx.em, a.id);
    const at = now.getTime();
    const pauses: PauseSpan[] = log.map((p) => ({ ...p }));
    const wasPending = b.status === TicketStatus.Pending;
    const isPending = a.status === TicketStatus.Pending;
    const wasResolved = b.status === TicketStatus.Resolved;
    const isResolved = a.status === TicketStatus.Resolved;
    let endPause: Date | null = null;
    let startPause: { reason: 'pending' | 'resolved'; at: Date } | null = null;
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
        const started = new Date(a.createdAt);
        const c = startClock(
          clock,
          { id: policy.id, calendar: policy.calendar, seconds: targetOf(policy, clock) },
          rulesOf(policy),
          math,
          started,
        );
        byName.set(clock, place(c, rulesOf(policy), math, pauses, at));
      }
    }

    const tier2Agent =
      ctx.action === 'commented' && a.tier === 2 && ctx.actorId
        ? await this.repo.hasRole(ctx.em, ctx.actorId, 'tier2')
        : false;
    const changed: ClockRow[] = [];
    const timers: { clock: string; revision: number }[] = [];

    for (const name of [ClockName.Response, ClockName.Resolution, ClockName.Tier2Response]) {
      let c = byName.get(name);
      const original = c;
      let replace = false; // re-place the clock on the calendar under a new revision

      if (name === ClockName.Tier2Response) {
        if (b.tier === 1 && a.tier === 2) {
          // Escalated: Tier 2's pick-up clock starts now (again, after an earlier return).
          const math = await this.mathFor(policy.calendar);
          c = startClock(
            name,
            { id: policy.id, calendar: policy.calendar, seconds: targetOf(policy, name) },
            rulesOf(policy),
            math,
            now,
            (original?.revision ?? 0) + 1,
          );
          byName.set(name, c);
          changed.push(c);
          if (c.nextFireAt) timers.push({ clock: name, revision: c.revision });
          continue;
        }
        if (!c) continue;
      }
      if (!c || !isRunning(c)) continue;
      const rulesPolicy = (await this.policies.byId(c.policyId)) ?? policy;
      const math = await this.mathFor(c.calendar);

      if (FINAL.includes(a.status)) {
        c = { ...c, stoppedAt: now, pausedAt: null, nextFireAt: null };
      } else if (name === ClockName.Tier2Response && b.tier === 2 && a.tier === 1) {
        c = { ...c, stoppedAt: now, pausedAt: null, nextFireAt: null }; // returned before pick-up
      } else if (this.meets(name, b, a, ctx.action, tier2Agent)) {
        c = meet(c, math, pauses, at);
      } else {
        if (isPending && !c.pausedAt) c = { ...c, pausedAt: now, nextFireAt: null };
        if (!isPending && c.pausedAt) {
          c = { ...c, pausedAt: null };
          replace = true;
        }
        if (a.priority !== b.priority) {
          c = {
            ...c,
            policyId: policy.id,
            calendar: policy.calendar,
            targetSeconds: targetOf(policy, name),
          };
          replace = true;
        }
        if (replace) {
          const p = a.priority !== b.priority ? policy : rulesPolicy;
          c = place(
            { ...c, revision: c.revision + 1 },
            rulesOf(p),
            await this.mathFor(c.calendar),
            pauses,
            at,
          );
          if (c.nextFireAt) timers.push({ clock: name, revision: c.revision });
        }
      }
      if (c !== original) {
        byName.set(name, c);
        changed.push(c);
      }
    }
    // The reopened resolution clock (met at resolve) runs again, without the time spent resolved.
    const resolution = byName.get(ClockName.Resolution)!;
    if (wasResolved && !isResolved && !FINAL.includes(a.status) && resolution.metAt) {
      const p = (await this.policies.byId(resolution.policyId)) ?? policy;
      const c = place(
        { ...resolution, metAt: null, businessSeconds: null, revision: resolution.revision + 1 },
        rulesOf(p),
        await this.mathFor(resolution.calendar),
        pauses,
        at,
      );
      byName.set(ClockName.Resolution, c);
      const i = changed.findIndex((x) => x.clock === ClockName.Resolution);
      if (i >= 0) changed[i] = c;
      else changed.push(c);
      if (c.nextFireAt) timers.push({ clock: ClockName.Resolution, revision: c.revision });
    }

    await this.repo.writeChange(ctx.em, a.id, {
      clocks: changed,
      endPause,
      startPause,
      events: timers.length
        ? [{ type: TIMERS_EVENT, aggregateType: 'ticket', aggregateId: a.id, payload: { clocks: timers } }]
        : [],
    });

    const columns: Record<string, unknown> = {
      responseDueAt: byName.get(ClockName.Response)!.dueAt,
      resolutionDueAt: byName.get(ClockName.Resolution)!.dueAt,
      queueDueAt: queueDue(a, [...byName.values()]),
    };
    if (isResolved && !wasResolved) {
      columns.autoCloseAt = addWorkingDays(
        await this.calendar.math(),
        now,
        this.config.AUTO_CLOSE_BUSINESS_DAYS,
      );
    }
    return columns;
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

  /** Re-places the running clocks `pick` selects under their policy as it is now. */
  private async replaceClocks(
    em: EntityManager,
    ticketId: string,
    pick: (c: ClockRow) => boolean,
  ): Promise<boolean> {
    const ticket = await this.repo.lockTicket(em, ticketId);
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
    await this.repo.syncTicketDue(em, ticketId, {
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

/** The queue's sort key: the nearest due time of a clock still running (not pending, not met). */
function queueDue(t: TicketRow, clocks: ClockRow[]): Date | string {
  if (t.status === TicketStatus.Pending || t.status === TicketStatus.Resolved || FINAL.includes(t.status))
    return NO_DUE;
  const due = clocks
    .filter((c) => isRunning(c) && !c.pausedAt)
    .map((c) => new Date(c.dueAt).getTime())
    .sort((x, y) => x - y)[0];
  return due === undefined ? NO_DUE : new Date(due);
}
