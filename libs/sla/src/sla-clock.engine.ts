import { CalendarMath, deadlineAfter, elapsedMs, PauseSpan } from './business-time';
import { CalendarKind, ClockName, LadderLevel, NotifyRole } from './sla.types';

/** A ticket_sla_clock row as the engine computes it (instants as Dates, like pg returns them). */
export interface ClockRow {
  clock: ClockName;
  policyId: string | null;
  calendar: CalendarKind;
  targetSeconds: number;
  startedAt: Date;
  dueAt: Date;
  warnAt: Date;
  warnedAt: Date | null;
  breachedAt: Date | null;
  metAt: Date | null;
  pausedAt: Date | null;
  stoppedAt: Date | null;
  businessSeconds: number | null;
  ladderLevel: number;
  nextLadderAt: Date | null;
  nextFireAt: Date | null;
  revision: number;
}

/** The parts of a policy that place and fire a clock. */
export interface ClockRules {
  warnAt: number;
  ladder: LadderLevel[];
  autoEscalateOnBreach: boolean;
}

const ms = (d: Date | null | undefined) => (d ? new Date(d).getTime() : null);
const date = (n: number | null) => (n === null || !Number.isFinite(n) ? null : new Date(n));

export const sortedLadder = (ladder: LadderLevel[]) => [...ladder].sort((a, b) => a.at - b.at);

export const isRunning = (c: Pick<ClockRow, 'metAt' | 'stoppedAt'>) => !c.metAt && !c.stoppedAt;

/**
 * Places a clock on the calendar: due, warning and next ladder instants from its start, target and
 * the whole pause log, and the instant of its next unfired step (null when met, stopped, paused or
 * nothing is left). Steps already fired stay fired: a breach is a recorded fact, and changing the
 * priority afterwards does not undo it.
 */
export function place(
  row: ClockRow,
  rules: ClockRules,
  math: CalendarMath,
  pauses: readonly PauseSpan[],
  now: number,
): ClockRow {
  const start = ms(row.startedAt)!;
  const target = row.targetSeconds * 1000;
  const at = (fraction: number) => deadlineAfter(math, start, target * fraction, pauses, now);
  const ladder = sortedLadder(rules.ladder);
  const due = at(1);
  const warn = at(rules.warnAt);
  const nextLadder = row.ladderLevel < ladder.length ? at(ladder[row.ladderLevel].at) : null;
  const running = isRunning(row) && !row.pausedAt;
  const next = running
    ? Math.min(row.warnedAt ? Infinity : warn, row.breachedAt ? Infinity : due, nextLadder ?? Infinity)
    : null;
  return {
    ...row,
    dueAt: new Date(due),
    warnAt: new Date(warn),
    nextLadderAt: date(nextLadder),
    nextFireAt: date(next),
  };
}

/** A new running clock started at `start`. */
export function startClock(
  clock: ClockName,
  policy: { id: string | null; calendar: CalendarKind; seconds: number },
  rules: ClockRules,
  math: CalendarMath,
  start: Date,
  revision = 1,
): ClockRow {
  return place(
    {
      clock,
      policyId: policy.id,
      calendar: policy.calendar,
      targetSeconds: policy.seconds,
      startedAt: start,
      dueAt: start,
      warnAt: start,
      warnedAt: null,
      breachedAt: null,
      metAt: null,
      pausedAt: null,
      stoppedAt: null,
      businessSeconds: null,
      ladderLevel: 0,
      nextLadderAt: null,
      nextFireAt: null,
      revision,
    },
    rules,
    math,
    [],
    start.getTime(),
  );
}

/** Stops a running clock as met, recording the working seconds it took, pauses excluded. */
export function meet(row: ClockRow, math: CalendarMath, pauses: readonly PauseSpan[], now: number): ClockRow {
  const start = ms(row.startedAt)!;
  return {
    ...row,
    metAt: new Date(now),
    pausedAt: null,
    businessSeconds: Math.round(elapsedMs(math, start, now, pauses) / 1000),
    nextFireAt: null,
    nextLadderAt: null,
  };
}

export interface FiredEvent {
  type: 'sla.warned' | 'sla.breached' | 'sla.ladder';
  level?: number;
  notify: NotifyRole[];
}

export interface Firing {
  row: ClockRow;
  events: FiredEvent[];
  /** Why the ticket must be escalated now, or null. */
  escalate: boolean;
  fired: { warned: boolean; breached: boolean; levels: number[] };
}

const union = (...lists: NotifyRole[][]) => [...new Set(lists.flat())];

/**
 * Everything due on a clock at `now`: the warning, ladder levels and the breach, each once. A ladder
 * level at the warning fraction (or at 1) is folded into the warning (or breach) event, so one moment
 * sends one notification. `tier` is the ticket's current tier.
 */
export function fire(
  row: ClockRow,
  rules: ClockRules,
  math: CalendarMath,
  pauses: readonly PauseSpan[],
  now: number,
  tier: number,
): Firing {
  const none: Firing = {
    row,
    events: [],
    escalate: false,
    fired: { warned: false, breached: false, levels: [] },
  };
  if (!isRunning(row) || row.pausedAt) return none;
  const start = ms(row.startedAt)!;
  const target = row.targetSeconds * 1000;
  const at = (fraction: number) => deadlineAfter(math, start, target * fraction, pauses, now);
  const ladder = sortedLadder(rules.ladder);
  const warned = !row.warnedAt && ms(row.warnAt)! <= now;
  const breached = !row.breachedAt && ms(row.dueAt)! <= now;
  const levels: number[] = [];
  let level = row.ladderLevel;
  while (level < ladder.length && at(ladder[level].at) <= now) levels.push(++level);
  if (!warned && !breached && !levels.length) return none;

  const tier2 = tier === 2 || row.clock === ClockName.Tier2Response;
  let warnNotify: NotifyRole[] =
    row.clock === ClockName.Tier2Response ? [NotifyRole.Team] : [NotifyRole.Assignee, NotifyRole.Tier1Desk];
  let breachNotify: NotifyRole[] = tier2
    ? [NotifyRole.Supervisors]
    : rules.autoEscalateOnBreach
      ? [NotifyRole.Team, NotifyRole.Supervisors]
      : [NotifyRole.Assignee, NotifyRole.Tier1Desk, NotifyRole.Supervisors];
  const events: FiredEvent[] = [];
  let escalate = breached && rules.autoEscalateOnBreach && row.clock !== ClockName.Tier2Response;
  let warnLevel: number | undefined;
  let breachLevel: number | undefined;
  for (const n of levels) {
    const l = ladder[n - 1];
    if (l.action === 'auto_escalate' && row.clock !== ClockName.Tier2Response) escalate = true;
    if (warned && l.at === rules.warnAt) {
      warnNotify = union(warnNotify, l.notify);
      warnLevel = n;
    } else if (breached && l.at === 1) {
      breachNotify = union(breachNotify, l.notify);
      breachLevel = n;
    } else {
      events.push({ type: 'sla.ladder', level: n, notify: l.notify });
    }
  }
  if (warned) events.unshift({ type: 'sla.warned', level: warnLevel, notify: warnNotify });
  if (breached) events.push({ type: 'sla.breached', level: breachLevel, notify: breachNotify });
  if (tier !== 1) escalate = false;

  const next: ClockRow = {
    ...row,
    warnedAt: warned ? new Date(now) : row.warnedAt,
    breachedAt: breached ? new Date(now) : row.breachedAt,
    ladderLevel: level,
  };
  return {
    row: place(next, rules, math, pauses, now),
    events,
    escalate,
    fired: { warned, breached, levels },
  };
}
