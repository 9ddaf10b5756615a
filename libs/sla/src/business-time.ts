import { DateTime } from 'luxon';

/**
 * Business-time arithmetic over a working calendar: pure functions, no I/O. Time zones and local
 * wall-clock times go through luxon (IANA zones, DST-safe); only whole civil dates are stepped with
 * Date.UTC, which has no zone.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Local working periods per weekday, "HH:MM" pairs, e.g. `{ mon: [["07:30", "16:00"]] }`. */
export type WeeklyHours = Partial<Record<Weekday, [string, string][]>>;

export interface Holiday {
  /** Local date, YYYY-MM-DD. */
  date: string;
  name: string;
}

export interface BusinessCalendar {
  timezone: string;
  hours: WeeklyHours;
  holidays: Holiday[];
}

/** What the SLA clocks need from a calendar; every instant in epoch milliseconds. */
export interface CalendarMath {
  isWorking(at: number): boolean;
  /** `at` when inside working time, else the start of the next working period. */
  nextWorking(at: number): number;
  /** The earliest instant at which `ms` of working time have passed since `start`. */
  addMs(start: number, ms: number): number;
  /** Working milliseconds in [a, b); 0 when b <= a. */
  msBetween(a: number, b: number): number;
}

const DAY_MS = 86_400_000;
/** No calendar needs to look further than this for the next working period. */
const MAX_SCAN_DAYS = 3 * 366;
const CACHE_LIMIT = 5000;
/** How many local days `dayOf` keeps as instant ranges. */
const RECENT_DAYS = 4;

type Period = readonly [number, number];

/** Round the clock, every day: plain arithmetic. */
export const ALWAYS_OPEN: CalendarMath = {
  isWorking: () => true,
  nextWorking: (at) => at,
  addMs: (start, ms) => start + Math.max(0, ms),
  msBetween: (a, b) => Math.max(0, b - a),
};

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * A calendar compiled for fast arithmetic: the working periods of each local date are computed once
 * (through luxon, in the calendar's zone) and cached as epoch-millisecond intervals.
 */
export class WorkingCalendar implements CalendarMath {
  private readonly weekly: [number, number][][]; // index 0 = Monday, minutes since local midnight
  private readonly holidays: Set<string>;
  private readonly days = new Map<number, readonly Period[]>();
  private readonly recentDays: { day: number; from: number; to: number }[] = [];

  constructor(readonly calendar: BusinessCalendar) {
    this.weekly = WEEKDAYS.map((d) =>
      (calendar.hours[d] ?? [])
        .map(([from, to]) => [minutesOf(from), minutesOf(to)] as [number, number])
        .filter(([from, to]) => to > from)
        .sort((x, y) => x[0] - y[0]),
    );
    this.holidays = new Set(calendar.holidays.map((h) => h.date));
    if (!this.weekly.some((p) => p.length)) throw new Error('the calendar has no working hours');
  }

  get timezone(): string {
    return this.calendar.timezone;
  }

  /**
   * Civil day number (days since 1970-01-01) of the local date of an instant. The local days met
   * last are kept as instant ranges: nearly every call (each ticket filed starts its clocks now)
   * falls in one of them, and asking the zone database costs more than the rest of the arithmetic.
   */
  private dayOf(at: number): number {
    for (const d of this.recentDays) if (at >= d.from && at < d.to) return d.day;
    const local = DateTime.fromMillis(at, { zone: this.calendar.timezone });
    const start = local.startOf('day');
    const day = Date.UTC(local.year, local.month - 1, local.day) / DAY_MS;
    const to = local.plus({ days: 1 }).startOf('day').toMillis();
    this.recentDays.unshift({ day, from: start.toMillis(), to });
    if (this.recentDays.length > RECENT_DAYS) this.recentDays.pop();
    return day;
  }

  /** Working periods of a local date, as instants. */
  private periods(day: number): readonly Period[] {
    let periods = this.days.get(day);
    if (periods) return periods;
    const civil = new Date(day * DAY_MS);
    const iso = civil.toISOString().slice(0, 10);
    const weekday = (civil.getUTCDay() + 6) % 7; // getUTCDay: 0 = Sunday
    if (this.holidays.has(iso)) {
      periods = [];
    } else {
      const base = { year: civil.getUTCFullYear(), month: civil.getUTCMonth() + 1, day: civil.getUTCDate() };
      const at = (minutes: number) =>
        DateTime.fromObject(
          { ...base, hour: Math.floor(minutes / 60), minute: minutes % 60 },
          { zone: this.calendar.timezone },
        ).toMillis();
      periods = this.weekly[weekday]
        .map(([from, to]) => [at(from), to === 24 * 60 ? at(0) + DAY_MS : at(to)] as Period)
        .filter(([from, to]) => to > from);
    }
    if (this.days.size >= CACHE_LIMIT) this.days.clear();
    this.days.set(day, periods);
    return periods;
  }

  isWorking(at: number): boolean {
    return this.periods(this.dayOf(at)).some(([from, to]) => from <= at && at < to);
  }

  nextWorking(at: number): number {
    const first = this.dayOf(at);
    for (let day = first; day < first + MAX_SCAN_DAYS; day++) {
      for (const [from, to] of this.periods(day)) if (to > at) return Math.max(from, at);
    }
    throw new Error('no working time in the next three years');
  }

  addMs(start: number, ms: number): number {
    let remaining = Math.max(0, Math.round(ms));
    if (remaining === 0) return start;
    let cursor = start;
    const first = this.dayOf(start);
    for (let day = first; ; day++) {
      const periods = this.periods(day);
      if (!periods.length && day - first > MAX_SCAN_DAYS)
        throw new Error('no working time in the next three years');
      for (const [from, to] of periods) {
        if (to <= cursor) continue;
        const begin = Math.max(from, cursor);
        if (to - begin >= remaining) return begin + remaining;
        remaining -= to - begin;
        cursor = to;
      }
    }
  }

  msBetween(a: number, b: number): number {
    if (b <= a) return 0;
    let total = 0;
    const last = this.dayOf(b);
    for (let day = this.dayOf(a); day <= last; day++) {
      for (const [from, to] of this.periods(day)) {
        const lo = Math.max(from, a);
        const hi = Math.min(to, b);
        if (hi > lo) total += hi - lo;
      }
    }
    return total;
  }
}

/** The arithmetic for a clock's calendar kind. */
export function calendarMath(kind: 'business' | '24x7', business: CalendarMath): CalendarMath {
  return kind === '24x7' ? ALWAYS_OPEN : business;
}

// The named operations of the SLA contract, on Dates and seconds.

export const isWorkingTime = (math: CalendarMath, at: Date): boolean => math.isWorking(at.getTime());

export const nextWorkingInstant = (math: CalendarMath, at: Date): Date =>
  new Date(math.nextWorking(at.getTime()));

export const addBusinessTime = (math: CalendarMath, start: Date, seconds: number): Date =>
  new Date(math.addMs(start.getTime(), seconds * 1000));

export const businessSecondsBetween = (math: CalendarMath, a: Date, b: Date): number =>
  math.msBetween(a.getTime(), b.getTime()) / 1000;

/** A pause of the clocks (ticket pending, or resolved until reopened); `end` null while it lasts. */
export interface PauseSpan {
  start: number;
  end: number | null;
}

/**
 * The instant at which `ms` of working time have elapsed since `start`, not counting the pauses.
 * Recomputed from the whole pause log each time (never accumulated), so a later change of target or
 * calendar keeps every past pause. A pause still running is counted up to `now`.
 */
export function deadlineAfter(
  math: CalendarMath,
  start: number,
  ms: number,
  pauses: readonly PauseSpan[],
  now: number,
): number {
  let due = math.addMs(start, ms);
  const sorted = [...pauses].sort((x, y) => x.start - y.start);
  for (const p of sorted) {
    const from = Math.max(p.start, start);
    const to = Math.max(from, p.end ?? now);
    // A pause that starts at or after the deadline does not move it: the time had already run out.
    if (from >= due) break;
    due = math.addMs(due, math.msBetween(from, to));
  }
  return due;
}

/** Working time elapsed from `start` to `end`, pauses excluded. */
export function elapsedMs(
  math: CalendarMath,
  start: number,
  end: number,
  pauses: readonly PauseSpan[],
): number {
  let total = math.msBetween(start, end);
  for (const p of pauses) {
    const from = Math.max(p.start, start);
    const to = Math.min(p.end ?? end, end);
    if (to > from) total -= math.msBetween(from, to);
  }
  return Math.max(0, total);
}
