import { NO_DUE, TicketChangeContext, TicketRow, TicketStatus } from '@desk/tickets';
import { PauseSpan } from './business-time';
import { ClockRow, ClockRules, isRunning } from './sla-clock.engine';
import { targetOf } from './sla-policy.service';
import { ClockName, SlaPolicy } from './sla.types';

/** The helpers of `SlaLifecycleHook`: what one ticket change does to its clocks. */

export const FINAL = [TicketStatus.Closed, TicketStatus.Cancelled];
export const t0 = (d: Date | string | null | undefined) => (d ? new Date(d).getTime() : null);

export const rulesOf = (p: SlaPolicy): ClockRules => ({
  warnAt: p.warnAt,
  ladder: p.ladder,
  autoEscalateOnBreach: p.autoEscalateOnBreach,
});

/** The queue's sort key: the nearest due time of a clock still running (not pending, not met). */
export function queueDue(t: Pick<TicketRow, 'status'>, clocks: ClockRow[]): Date | typeof NO_DUE {
  if (t.status === TicketStatus.Pending || t.status === TicketStatus.Resolved || FINAL.includes(t.status))
    return NO_DUE;
  const due = clocks
    .filter((c) => isRunning(c) && !c.pausedAt)
    .map((c) => new Date(c.dueAt).getTime())
    .sort((x, y) => x - y)[0];
  return due === undefined ? NO_DUE : new Date(due);
}

/** One ticket change as the clocks see it, and what it does to them. */
export interface ClockStep {
  ctx: TicketChangeContext;
  b: TicketRow;
  a: TicketRow;
  now: Date;
  at: number;
  /** The pause log with this change's pause started or ended. */
  pauses: PauseSpan[];
  /** The policy the ticket matches now (its kind and priority). */
  policy: SlaPolicy;
  byName: Map<ClockName, ClockRow>;
  endPause: Date | null;
  startPause: { reason: 'pending' | 'resolved'; at: Date } | null;
  changed: ClockRow[];
  timers: { clock: string; revision: number }[];
}

/** Whether a change can move a clock: status, priority, tier, assignee, first response, a Tier 2 reply. */
export function movesClocks(ctx: TicketChangeContext): boolean {
  const { before: b, after: a } = ctx;
  return (
    b.status !== a.status ||
    b.priority !== a.priority ||
    b.tier !== a.tier ||
    b.assigneeId !== a.assigneeId ||
    t0(b.firstResponseAt) !== t0(a.firstResponseAt) ||
    (ctx.action === 'commented' && a.tier === 2)
  );
}

export const policyTarget = (policy: SlaPolicy, clock: ClockName) => ({
  id: policy.id,
  calendar: policy.calendar,
  seconds: targetOf(policy, clock),
});

/** Keeps a moved clock (replacing an earlier move of the same clock), arming its timer when asked. */
export function record(step: ClockStep, c: ClockRow, arm: boolean): void {
  step.byName.set(c.clock, c);
  const i = step.changed.findIndex((x) => x.clock === c.clock);
  if (i >= 0) step.changed[i] = c;
  else step.changed.push(c);
  if (arm && c.nextFireAt) step.timers.push({ clock: c.clock, revision: c.revision });
}
