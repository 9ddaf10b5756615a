import type { QueueClock, QueueClockName } from '@desk/contracts';

type ClockFacts = Partial<
  Record<'dueAt' | 'breachedAt' | 'metAt' | 'pausedAt' | 'stoppedAt', string | Date | null>
>;

export interface QueueClockInput {
  status: string;
  tier: number;
  responseDueAt: Date | string | null;
  resolutionDueAt: Date | string | null;
  firstResponseAt: Date | string | null;
  resolvedAt: Date | string | null;
  /** The SLA engine's clocks by name (`response`, `resolution`, `tier2_response`); null without any. */
  clocks: Record<string, ClockFacts> | null;
}

const ORDER: QueueClockName[] = ['response', 'tier2_response', 'resolution'];
const time = (d: Date | string | null | undefined): number | null => {
  if (!d || d === 'infinity') return null;
  const ms = new Date(d).getTime();
  return Number.isNaN(ms) ? null : ms;
};
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * The queue clock of a ticket, by the same rule as the queue's sort key: the running clock (not met,
 * not stopped) with the nearest due time; paused while the ticket is pending. A resolved or closed
 * ticket shows its resolution clock, met unless it breached. Overdue or recorded as breached is
 * `breached`, whatever the other clocks say, so a row under "breached only" never looks on time.
 */
export function queueClockOf(t: QueueClockInput, now: Date): QueueClock {
  const clocks: Record<string, ClockFacts> = t.clocks ?? {
    response: { dueAt: t.responseDueAt, metAt: t.firstResponseAt },
    resolution: { dueAt: t.resolutionDueAt, metAt: t.resolvedAt },
  };
  const at = now.getTime();

  if (['resolved', 'closed', 'cancelled'].includes(t.status)) {
    const c = clocks.resolution ?? {};
    const late = !!c.breachedAt || (!!c.metAt && time(c.metAt)! > (time(c.dueAt) ?? Infinity));
    return { clock: 'resolution', dueAt: iso(time(c.dueAt)), state: late ? 'breached' : 'met' };
  }
  // The running clock due first; on equal due times the earlier in ORDER. Each due time is read
  // once (this runs for every row of every list).
  let first: { name: QueueClockName; c: ClockFacts; due: number } | undefined;
  for (const name of ORDER) {
    const c = clocks[name];
    if (!c || c.metAt || c.stoppedAt) continue;
    const due = time(c.dueAt);
    if (due !== null && (!first || due < first.due)) first = { name, c, due };
  }
  if (!first) {
    const c = clocks.resolution ?? {};
    return { clock: 'resolution', dueAt: iso(time(c.dueAt)), state: c.metAt ? 'met' : 'running' };
  }
  const dueAt = iso(first.due);
  if (t.status === 'pending') return { clock: first.name, dueAt, state: 'paused' };
  const breached = !!first.c.breachedAt || first.due < at;
  return { clock: first.name, dueAt, state: breached ? 'breached' : 'running' };
}
