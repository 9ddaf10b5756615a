import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  addBusinessTime,
  ALWAYS_OPEN,
  businessSecondsBetween,
  deadlineAfter,
  elapsedMs,
  nextWorkingInstant,
  WeeklyHours,
  WorkingCalendar,
} from './business-time';
import { DEFAULT_HOLIDAYS, DEFAULT_HOURS } from './holiday-presets';

const ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'];
const calendars = ZONES.map(
  (timezone) => new WorkingCalendar({ timezone, hours: DEFAULT_HOURS, holidays: DEFAULT_HOLIDAYS }),
);
const HOLIDAY_DATES = new Set(DEFAULT_HOLIDAYS.map((h) => h.date));

const calendarArb = fc.constantFrom(...calendars);
// Instants across 2026 and 2027, the years the preset covers.
const instantArb = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 1) });
const secondsArb = fc.integer({ min: 1, max: 120 * 3600 });

/** The local date and time of an instant, in the calendar's zone. */
const local = (cal: WorkingCalendar, at: number) => DateTime.fromMillis(at, { zone: cal.timezone });

describe('business time', () => {
  it('should land every due time inside a working period, never on a weekend or holiday', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, secondsArb, (cal, start, seconds) => {
        const due = cal.addMs(start, seconds * 1000);
        // Inside (period start, period end]: the last working millisecond before it is working time.
        expect(cal.isWorking(due - 1)).toBe(true);
        const day = local(cal, due - 1);
        expect(day.weekday).toBeLessThanOrEqual(5);
        expect(HOLIDAY_DATES.has(day.toISODate()!)).toBe(false);
        const minutes = day.hour * 60 + day.minute;
        expect(minutes).toBeGreaterThanOrEqual(7 * 60 + 30);
        expect(minutes).toBeLessThan(day.weekday === 5 ? 16 * 60 + 30 : 16 * 60);
      }),
      { numRuns: 400 },
    );
  });

  it('should make addBusinessTime and businessSecondsBetween inverse', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, secondsArb, (cal, start, seconds) => {
        const due = addBusinessTime(cal, new Date(start), seconds);
        expect(businessSecondsBetween(cal, new Date(start), due)).toBe(seconds);
      }),
      { numRuns: 400 },
    );
  });

  it('should be monotonic in the start and in the duration', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, instantArb, secondsArb, secondsArb, (cal, a, b, s1, s2) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const [short, long] = s1 <= s2 ? [s1, s2] : [s2, s1];
        expect(cal.addMs(early, short * 1000)).toBeLessThanOrEqual(cal.addMs(late, short * 1000));
        expect(cal.addMs(early, short * 1000)).toBeLessThanOrEqual(cal.addMs(early, long * 1000));
        expect(cal.msBetween(early, late)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('should give the next working instant: itself in working hours, else the next period start', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, (cal, at) => {
        const next = nextWorkingInstant(cal, new Date(at)).getTime();
        expect(next).toBeGreaterThanOrEqual(at);
        expect(cal.isWorking(next)).toBe(true);
        expect(cal.msBetween(at, next)).toBe(0);
        if (cal.isWorking(at)) expect(next).toBe(at);
      }),
      { numRuns: 300 },
    );
  });

  it('should never count paused time, however the pauses fall', () => {
    const pausesArb = fc.array(
      fc.tuple(fc.integer({ min: 0, max: 20 * 86_400_000 }), fc.integer({ min: 1, max: 5 * 86_400_000 })),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(calendarArb, instantArb, secondsArb, pausesArb, (cal, start, seconds, raw) => {
        // Disjoint pauses after the start, as the pause log holds them.
        const pauses: { start: number; end: number }[] = [];
        let cursor = start;
        for (const [gap, length] of raw) {
          pauses.push({ start: cursor + gap, end: cursor + gap + length });
          cursor += gap + length;
        }
        const due = deadlineAfter(cal, start, seconds * 1000, pauses, cursor);
        expect(cal.isWorking(due - 1)).toBe(true);
        // Working time from start to due, less the paused working time, is exactly the target.
        expect(elapsedMs(cal, start, due, pauses)).toBe(seconds * 1000);
        expect(due).toBeGreaterThanOrEqual(cal.addMs(start, seconds * 1000));
      }),
      { numRuns: 300 },
    );
  });

  it('should answer alike from a calendar that has seen other days first, across a DST change too', () => {
    // The calendar remembers the local days it met last as instant ranges; a range one hour off
    // (a 23- or 25-hour day) would put the instants near midnight on the wrong day. Working hours
    // just after midnight make the day an instant falls on decide the answer.
    const hours: WeeklyHours = {
      mon: [['00:00', '02:00']],
      tue: [['21:00', '23:00']],
      wed: [['00:00', '02:00']],
      thu: [],
      fri: [['00:00', '02:00']],
      sat: [['21:00', '23:00']],
      sun: [['21:00', '23:00']],
    };
    const make = (timezone: string) => new WorkingCalendar({ timezone, hours, holidays: [] });
    const zones = ['Asia/Makassar', 'Europe/Berlin', 'America/New_York', 'Australia/Sydney'];
    // Every 20 minutes through the weeks of the 2026 changes, in order: each day met just before.
    const weeks = [Date.UTC(2026, 2, 6), Date.UTC(2026, 2, 26), Date.UTC(2026, 3, 2), Date.UTC(2026, 9, 22)];
    for (const zone of zones) {
      const shared = make(zone);
      for (const from of weeks) {
        for (let at = from; at < from + 9 * 86_400_000; at += 1_200_000) {
          const fresh = make(zone);
          expect([zone, at, shared.isWorking(at)]).toEqual([zone, at, fresh.isWorking(at)]);
          expect(shared.addMs(at, 3_600_000)).toBe(fresh.addMs(at, 3_600_000));
        }
      }
    }
  });

  it('should carry Friday afternoon into Monday morning (WITA)', () => {
    const cal = calendars[1];
    const friday = DateTime.fromISO('2026-07-10T16:00', { zone: 'Asia/Makassar' }).toJSDate();
    const due = addBusinessTime(cal, friday, 3600);
    expect(DateTime.fromJSDate(due, { zone: 'Asia/Makassar' }).toISO({ suppressMilliseconds: true })).toBe(
      '2026-07-13T08:00:00+08:00',
    );
  });

  it('should skip Hari Kemerdekaan and the Idul Fitri cuti bersama', () => {
    const cal = calendars[0];
    const friday = DateTime.fromISO('2026-08-14T16:30', { zone: 'Asia/Jakarta' }).toJSDate();
    // Monday 17 August is a holiday: one hour of work lands on Tuesday 08:30 WIB.
    expect(DateTime.fromJSDate(addBusinessTime(cal, friday, 3600), { zone: 'Asia/Jakarta' }).toISO()).toBe(
      '2026-08-18T08:30:00.000+07:00',
    );
    // 18 to 24 March 2026 are Nyepi, Idul Fitri and their cuti bersama: after Tuesday 17, Wednesday 25.
    const before = DateTime.fromISO('2026-03-17T16:00', { zone: 'Asia/Jakarta' }).toJSDate();
    expect(DateTime.fromJSDate(nextWorkingInstant(cal, before), { zone: 'Asia/Jakarta' }).toISODate()).toBe(
      '2026-03-25',
    );
  });

  it('should count round the clock for 24x7', () => {
    const start = new Date('2026-08-17T00:00:00Z');
    expect(addBusinessTime(ALWAYS_OPEN, start, 90).toISOString()).toBe('2026-08-17T00:01:30.000Z');
    expect(businessSecondsBetween(ALWAYS_OPEN, start, new Date('2026-08-18T00:00:00Z'))).toBe(86_400);
  });
});
