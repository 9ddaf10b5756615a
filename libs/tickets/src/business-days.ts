import { DateTime } from 'luxon';

/**
 * Adds whole business days (Monday to Friday) in the region's time zone, keeping the local time of
 * day. A weekday rule only: holidays come with the SLA engine's business calendar.
 */
export function addBusinessDays(from: Date, days: number, timezone: string): Date {
  let local = DateTime.fromJSDate(from, { zone: timezone });
  let added = 0;
  while (added < days) {
    local = local.plus({ days: 1 });
    if (local.weekday <= 5) added++;
  }
  return local.toJSDate();
}

/** The calendar year of an instant in the region's time zone (ticket numbers restart each year). */
export function localYear(at: Date, timezone: string): number {
  return DateTime.fromJSDate(at, { zone: timezone }).year;
}
