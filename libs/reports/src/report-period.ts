import { FieldError } from '@desk/common';
import { DateTime } from 'luxon';

export const FREQUENCIES = ['daily', 'weekly', 'monthly', 'semester', 'yearly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export type Locale = 'id' | 'en';

/** A user's language for report labels: English when they chose it, Bahasa Indonesia otherwise. */
export const readerLocale = (locale: string | null | undefined): Locale => (locale === 'en' ? 'en' : 'id');

/** A half-open interval [start, end) of instants, with the local date it starts on as its key. */
export interface Period {
  start: Date;
  end: Date;
  /** Local start date (YYYY-MM-DD): part of the delivery's dedupe key and job id. */
  key: string;
}

export type Granularity = 'hour' | 'day' | 'month';

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** An ISO 8601 instant with an explicit offset or Z. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
/** Longest range a report covers (a yearly report plus slack). */
export const MAX_RANGE_DAYS = 3 * 366;

export const isSendAt = (value: string) => HHMM.test(value);

/** The local calendar date (YYYY-MM-DD) of an instant in the region's zone. */
export const localDate = (at: Date | string, tz: string) =>
  DateTime.fromJSDate(new Date(at), { zone: tz }).toISODate()!;

const local = (at: Date, tz: string) => DateTime.fromJSDate(at, { zone: tz });

/**
 * The previous complete period at the instant a subscription fires: yesterday, last week (Monday to
 * Sunday), last month, last semester (January-June or July-December), last year; all in the
 * region's time zone.
 */
export function previousPeriod(frequency: Frequency, firedAt: Date, tz: string): Period {
  const at = local(firedAt, tz);
  let end: DateTime;
  let start: DateTime;
  switch (frequency) {
    case 'daily':
      end = at.startOf('day');
      start = end.minus({ days: 1 });
      break;
    case 'weekly':
      end = at.startOf('week');
      start = end.minus({ weeks: 1 });
      break;
    case 'monthly':
      end = at.startOf('month');
      start = end.minus({ months: 1 });
      break;
    case 'semester':
      end = at.startOf('year').plus({ months: at.month > 6 ? 6 : 0 });
      start = end.minus({ months: 6 });
      break;
    case 'yearly':
      end = at.startOf('year');
      start = end.minus({ years: 1 });
      break;
  }
  return { start: start.toJSDate(), end: end.toJSDate(), key: start.toISODate()! };
}

/** The current period so far: from the end of the previous complete one to `now`. */
export function currentPeriod(frequency: Frequency, now: Date, tz: string): Period {
  const previous = previousPeriod(frequency, now, tz);
  return { start: previous.end, end: now, key: `${localDate(previous.end, tz)}-partial` };
}

/** The cron pattern (minute hour day month weekday) a subscription fires on, in the region's zone. */
export function cronPattern(frequency: Frequency, sendAt: string): string {
  const [, h, m] = HHMM.exec(sendAt) ?? [];
  const time = `${Number(m)} ${Number(h)}`;
  switch (frequency) {
    case 'daily':
      return `${time} * * *`;
    case 'weekly':
      return `${time} * * 1`;
    case 'monthly':
      return `${time} 1 * *`;
    case 'semester':
      return `${time} 1 1,7 *`;
    case 'yearly':
      return `${time} 1 1 *`;
  }
}

/** The latest instant at or before `now` at which the subscription was due to fire. */
export function lastFireAt(frequency: Frequency, sendAt: string, tz: string, now: Date): Date {
  const [, h, m] = HHMM.exec(sendAt) ?? [];
  const at = local(now, tz);
  const time = { hour: Number(h), minute: Number(m), second: 0, millisecond: 0 };
  const step = {
    daily: { days: 1 },
    weekly: { weeks: 1 },
    monthly: { months: 1 },
    semester: { months: 6 },
    yearly: { years: 1 },
  }[frequency];
  let fire: DateTime;
  switch (frequency) {
    case 'daily':
      fire = at.startOf('day').set(time);
      break;
    case 'weekly':
      fire = at.startOf('week').set(time);
      break;
    case 'monthly':
      fire = at.startOf('month').set(time);
      break;
    case 'semester':
      fire = at
        .startOf('year')
        .plus({ months: at.month > 6 ? 6 : 0 })
        .set(time);
      break;
    case 'yearly':
      fire = at.startOf('year').set(time);
      break;
  }
  if (fire > at) fire = fire.minus(step);
  return fire.toJSDate();
}

/**
 * Parses a report's `from` and `to`: local dates (YYYY-MM-DD, `to` inclusive) in the region's zone,
 * or ISO instants with an offset (`to` exclusive). Every bad field is named.
 */
export function parseRange(
  from: unknown,
  to: unknown,
  tz: string,
): { start: Date; end: Date } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const parse = (field: 'from' | 'to', value: unknown): Date | null => {
    if (typeof value !== 'string' || !value) {
      errors.push({ field, message: `${field} is required (YYYY-MM-DD or an ISO 8601 instant)` });
      return null;
    }
    let parsed: DateTime | null = null;
    if (DATE_ONLY.test(value)) {
      parsed = DateTime.fromISO(value, { zone: tz });
      if (parsed.isValid && field === 'to') parsed = parsed.plus({ days: 1 });
    } else if (INSTANT.test(value)) {
      parsed = DateTime.fromISO(value, { setZone: true });
    }
    if (!parsed?.isValid || parsed.year < 2000 || parsed.year > 2200) {
      errors.push({
        field,
        message: `${field} must be a date (YYYY-MM-DD) or an ISO 8601 instant with offset`,
      });
      return null;
    }
    return parsed.toJSDate();
  };
  const start = parse('from', from);
  const end = parse('to', to);
  if (start && end) {
    if (end <= start) errors.push({ field: 'to', message: 'to must be after from' });
    else if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * 86_400_000)
      errors.push({ field: 'to', message: `a report covers at most ${MAX_RANGE_DAYS} days` });
  }
  return errors.length ? { errors } : { start: start!, end: end! };
}

/** Chart buckets: hours for a day or two, days up to a quarter, months beyond. */
export function granularityOf(start: Date, end: Date): Granularity {
  const days = (end.getTime() - start.getTime()) / 86_400_000;
  return days <= 2 ? 'hour' : days <= 92 ? 'day' : 'month';
}

/** The local bucket keys of a range (`YYYY-MM-DDTHH:mm`, as the SQL formats them). */
export function bucketKeys(start: Date, end: Date, granularity: Granularity, tz: string): string[] {
  const keys: string[] = [];
  const last = local(end, tz);
  for (let at = local(start, tz).startOf(granularity); at < last && keys.length < 2000;) {
    keys.push(at.toFormat("yyyy-MM-dd'T'HH:mm"));
    at = at.plus({ [`${granularity}s`]: 1 });
  }
  return keys;
}

const MONTHS_ID = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];
const DAYS_ID = ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'];

function dateLabel(d: DateTime, locale: Locale, weekday = false): string {
  if (locale === 'en') return d.setLocale('en-GB').toFormat(weekday ? 'cccc d LLLL yyyy' : 'd LLLL yyyy');
  return `${weekday ? `${DAYS_ID[d.weekday - 1]}, ` : ''}${d.day} ${MONTHS_ID[d.month - 1]} ${d.year}`;
}

/** "Maret 2026", "Semester II 2025", "Tahun 2025", "2 Maret 2026 - 8 Maret 2026"... */
export function periodLabel(start: Date, end: Date, tz: string, locale: Locale): string {
  const s = local(start, tz);
  const e = local(end, tz);
  const lastDay = e.minus({ milliseconds: 1 }).startOf('day');
  const wholeDays = s.equals(s.startOf('day')) && e.equals(e.startOf('day'));
  if (wholeDays && s.plus({ days: 1 }).equals(e)) return dateLabel(s, locale, true);
  if (wholeDays && s.day === 1 && s.plus({ months: 1 }).equals(e))
    return locale === 'en'
      ? s.setLocale('en-GB').toFormat('LLLL yyyy')
      : `${MONTHS_ID[s.month - 1]} ${s.year}`;
  if (wholeDays && s.day === 1 && (s.month === 1 || s.month === 7) && s.plus({ months: 6 }).equals(e))
    return `Semester ${s.month === 1 ? 'I' : 'II'} ${s.year}`;
  if (wholeDays && s.ordinal === 1 && s.plus({ years: 1 }).equals(e))
    return locale === 'en' ? `Year ${s.year}` : `Tahun ${s.year}`;
  if (wholeDays) return `${dateLabel(s, locale)} - ${dateLabel(lastDay, locale)}`;
  const fmt = (d: DateTime) =>
    d
      .setLocale(locale === 'en' ? 'en-GB' : 'id-ID')
      .toFormat(locale === 'en' ? 'd LLL yyyy HH:mm' : 'd LLL yyyy HH.mm');
  return `${fmt(s)} - ${fmt(e)}`;
}
