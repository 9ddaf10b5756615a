import type { SlaClock, Ticket } from '@desk/contracts';

export type ClockTone = 'green' | 'amber' | 'red' | 'gray';
export type ClockState = 'running' | 'met' | 'metLate' | 'breached' | 'paused' | 'stopped' | 'none';

export interface ClockView {
  state: ClockState;
  tone: ClockTone;
  /** ms until due (negative when overdue); null when there is no running deadline. */
  remainingMs: number | null;
  /** Share of the target still left, 0..1 (0 once overdue). */
  fractionLeft: number;
  dueAt: string | null;
}

const FINAL = ['resolved', 'closed', 'cancelled'];

/**
 * Where a clock's current target period starts: the api's `startedAt` (filing, or the latest
 * escalation for the Tier 2 pick-up clock); for an api without it, escalation for the Tier 2 clock
 * (only right after a first escalation: `escalatedAt` keeps the first one) and filing otherwise.
 */
export function clockStart(
  name: string,
  clock: Pick<SlaClock, 'startedAt'>,
  t: Pick<Ticket, 'createdAt' | 'escalatedAt'>,
): string {
  if (clock.startedAt) return clock.startedAt;
  return name === 'tier2Response' ? (t.escalatedAt ?? t.createdAt) : t.createdAt;
}

/** Share of the period from `start` to `due` still left at `at`, 0..1. */
function fractionAt(due: number, start: string, at: number): number {
  const total = Math.max(1, due - Date.parse(start));
  return Math.min(1, Math.max(0, (due - at) / total));
}

/**
 * Colour rule: green with more than half the time left, amber below, red when overdue. A clock
 * stopped without being met (returned to Tier 1 before pick-up, cancelled) no longer runs: it shows
 * as stopped, and as breached only when the api recorded a breach (`breachedAt`).
 */
export function clockView(clock: SlaClock, start: string, status: Ticket['status'], now: number): ClockView {
  const due = clock.dueAt && clock.dueAt !== 'infinity' ? Date.parse(clock.dueAt) : NaN;
  if (clock.metAt) {
    const late = !!clock.breachedAt || (!Number.isNaN(due) && Date.parse(clock.metAt) > due);
    return {
      state: late ? 'metLate' : 'met',
      tone: late ? 'amber' : 'green',
      remainingMs: null,
      fractionLeft: late ? 0 : 1,
      dueAt: clock.dueAt,
    };
  }
  if (clock.stoppedAt) {
    const breached = !!clock.breachedAt;
    const stoppedAt = Date.parse(clock.stoppedAt);
    return {
      state: breached ? 'breached' : 'stopped',
      tone: breached ? 'red' : 'gray',
      remainingMs: null,
      fractionLeft:
        breached || Number.isNaN(due) || Number.isNaN(stoppedAt) ? 0 : fractionAt(due, start, stoppedAt),
      dueAt: clock.dueAt,
    };
  }
  if (Number.isNaN(due))
    return { state: 'none', tone: 'gray', remainingMs: null, fractionLeft: 1, dueAt: null };
  if (FINAL.includes(status)) {
    // A final ticket's clock without `stoppedAt`: an older api, or a ticket without engine clocks.
    const breached = !!clock.breachedAt || due < now;
    return {
      state: breached ? 'breached' : 'stopped',
      tone: breached ? 'red' : 'gray',
      remainingMs: null,
      fractionLeft: 0,
      dueAt: clock.dueAt,
    };
  }
  const remaining = due - now;
  const fractionLeft = fractionAt(due, start, now);
  if (status === 'pending')
    return { state: 'paused', tone: 'gray', remainingMs: remaining, fractionLeft, dueAt: clock.dueAt };
  const tone: ClockTone = remaining <= 0 ? 'red' : fractionLeft > 0.5 ? 'green' : 'amber';
  return {
    state: remaining <= 0 ? 'breached' : 'running',
    tone,
    remainingMs: remaining,
    fractionLeft,
    dueAt: clock.dueAt,
  };
}

const runs = (c: SlaClock | null): c is SlaClock => !!c && !c.metAt && !c.stoppedAt && !!c.dueAt;

/** The clock a queue is sorted by: Tier 2 pick-up while escalated and unclaimed, else response until met, else resolution. */
export function nextClock(t: Ticket): { name: string; clock: SlaClock } {
  const q = t.queueClock;
  const named =
    q && { response: 'response', tier2_response: 'tier2Response', resolution: 'resolution' }[q.clock];
  if (named && t.sla[named]) return { name: named, clock: t.sla[named]! };
  const tier2 = t.sla.tier2Response;
  if (t.tier === 2 && runs(tier2)) return { name: 'tier2Response', clock: tier2 };
  if (runs(t.sla.response)) return { name: 'response', clock: t.sla.response };
  return { name: 'resolution', clock: t.sla.resolution };
}

/** Due soon: running with a quarter or less of its target left (the api's default warning point is 75%). */
export function isDueSoon(t: Ticket, now: number): boolean {
  const { name, clock } = nextClock(t);
  const v = clockView(clock, clockStart(name, clock, t), t.status, now);
  return v.state === 'running' && v.fractionLeft <= 0.25;
}

/**
 * Breached: a clock overdue while running, or one the api recorded as breached (`breachedAt`). A
 * clock stopped unmet (e.g. Tier 2 pick-up after a return to Tier 1) counts only with `breachedAt`.
 */
export function isBreached(t: Ticket, now: number): boolean {
  const q = t.queueClock;
  if (q) return q.state === 'breached' || (q.state === 'running' && !!q.dueAt && Date.parse(q.dueAt) < now);
  return Object.entries(t.sla).some(([name, clock]) => {
    if (!clock) return false;
    const v = clockView(clock, clockStart(name, clock, t), t.status, now);
    return v.state === 'breached' || !!clock.breachedAt;
  });
}
