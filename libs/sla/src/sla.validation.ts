import { FieldError } from '@desk/common';
import { DateTime, Duration, IANAZone } from 'luxon';
import { Holiday, WEEKDAYS, WeeklyHours } from './business-time';

const MAX_TARGET_SECONDS = 366 * 86_400;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Seconds of an ISO 8601 duration (`PT30M`, `PT8H`, `P3D`, `PT90S`, `PT1H30M`), or a field error.
 * Months and years are refused: their length in seconds is ambiguous.
 */
export function durationSeconds(field: string, value: unknown): number | FieldError {
  const bad = { field, message: `${field} must be an ISO 8601 duration such as PT30M, PT8H, P3D or PT45S` };
  if (typeof value !== 'string' || value.length > 40) return bad;
  const d = Duration.fromISO(value);
  if (!d.isValid) return bad;
  if (d.years || d.quarters || d.months)
    return {
      field,
      message: `${field} must use weeks, days, hours, minutes or seconds, not months or years`,
    };
  const seconds = d.as('seconds');
  if (!Number.isFinite(seconds) || seconds < 1)
    return { field, message: `${field} must be at least one second` };
  if (seconds > MAX_TARGET_SECONDS) return { field, message: `${field} must be at most a year` };
  if (!Number.isInteger(seconds)) return { field, message: `${field} must be a whole number of seconds` };
  return seconds;
}

export function validateTimezone(value: unknown): FieldError[] {
  if (typeof value !== 'string' || !IANAZone.isValidZone(value) || !value.includes('/'))
    return [{ field: 'timezone', message: 'timezone must be an IANA time zone such as Asia/Makassar' }];
  return [];
}

/** Every problem of a weekly hours object, each naming its place (`hours.fri[1]`). */
export function validateHours(hours: unknown): FieldError[] {
  if (typeof hours !== 'object' || hours === null || Array.isArray(hours))
    return [{ field: 'hours', message: 'hours must be an object keyed by weekday (mon..sun)' }];
  const errors: FieldError[] = [];
  let periods = 0;
  for (const [day, ranges] of Object.entries(hours)) {
    const field = `hours.${day}`;
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      errors.push({ field, message: `${day} is not a weekday; use ${WEEKDAYS.join(', ')}` });
      continue;
    }
    if (!Array.isArray(ranges) || ranges.length > 8) {
      errors.push({ field, message: `${field} must be a list of ["HH:MM", "HH:MM"] ranges (at most 8)` });
      continue;
    }
    let previousEnd = '';
    ranges.forEach((range, i) => {
      const f = `${field}[${i}]`;
      if (
        !Array.isArray(range) ||
        range.length !== 2 ||
        !range.every((x) => typeof x === 'string' && HHMM.test(x))
      ) {
        errors.push({ field: f, message: `${f} must be a pair of times ["HH:MM", "HH:MM"]` });
        return;
      }
      const [from, to] = range as [string, string];
      if (from >= to) errors.push({ field: f, message: `${f} must end after it starts` });
      else if (previousEnd && from < previousEnd)
        errors.push({ field: f, message: `${f} must start after the previous range ends (ranges in order)` });
      else periods++;
      previousEnd = to;
    });
  }
  if (!errors.length && !periods)
    errors.push({ field: 'hours', message: 'hours must have at least one working period in the week' });
  return errors;
}

export function validateHolidays(holidays: unknown): FieldError[] {
  if (!Array.isArray(holidays))
    return [{ field: 'holidays', message: 'holidays must be a list of {date, name}' }];
  if (holidays.length > 2000)
    return [{ field: 'holidays', message: 'holidays may have at most 2000 entries' }];
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  holidays.forEach((h, i) => {
    const f = `holidays[${i}]`;
    if (typeof h !== 'object' || h === null || Array.isArray(h)) {
      errors.push({ field: f, message: `${f} must be an object {date, name}` });
      return;
    }
    const { date, name, ...rest } = h as Record<string, unknown>;
    for (const key of Object.keys(rest))
      errors.push({ field: `${f}.${key}`, message: `${f}.${key} is not an accepted field` });
    if (typeof date !== 'string' || !DATE.test(date) || !DateTime.fromISO(date).isValid)
      errors.push({ field: `${f}.date`, message: `${f}.date must be a calendar date YYYY-MM-DD` });
    else if (seen.has(date))
      errors.push({ field: `${f}.date`, message: `${f}.date ${date} is listed twice` });
    else seen.add(date);
    if (typeof name !== 'string' || !name.trim() || name.length > 200)
      errors.push({ field: `${f}.name`, message: `${f}.name must be a text of 1 to 200 characters` });
  });
  return errors;
}

/** Normalises valid hours: every weekday present, ranges as given. */
export function normaliseHours(hours: WeeklyHours): WeeklyHours {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, hours[d] ?? []])) as WeeklyHours;
}

export const normaliseHolidays = (holidays: Holiday[]): Holiday[] =>
  holidays.map((h) => ({ date: h.date, name: h.name.trim() })).sort((a, b) => a.date.localeCompare(b.date));
