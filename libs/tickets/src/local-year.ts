import { DateTime } from 'luxon';

/** The calendar year of an instant in the region's time zone (ticket numbers restart each year). */
export function localYear(at: Date, timezone: string): number {
  return DateTime.fromJSDate(at, { zone: timezone }).year;
}
