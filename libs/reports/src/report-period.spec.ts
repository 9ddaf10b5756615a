import { DateTime } from 'luxon';
import {
  bucketKeys,
  cronPattern,
  lastFireAt,
  parseRange,
  periodLabel,
  previousPeriod,
} from './report-period';

const TZ = 'Asia/Makassar';
const at = (iso: string) => DateTime.fromISO(iso, { zone: TZ }).toJSDate();
const localIso = (d: Date) => DateTime.fromJSDate(d, { zone: TZ }).toFormat("yyyy-MM-dd'T'HH:mm");

describe('previousPeriod', () => {
  it.each([
    ['daily', '2026-03-03T07:00', '2026-03-02T00:00', '2026-03-03T00:00', '2026-03-02'],
    ['daily', '2026-03-01T00:00', '2026-02-28T00:00', '2026-03-01T00:00', '2026-02-28'],
    ['weekly', '2026-03-09T07:00', '2026-03-02T00:00', '2026-03-09T00:00', '2026-03-02'],
    ['weekly', '2026-03-11T23:59', '2026-03-02T00:00', '2026-03-09T00:00', '2026-03-02'],
    ['monthly', '2026-03-01T07:00', '2026-02-01T00:00', '2026-03-01T00:00', '2026-02-01'],
    ['monthly', '2026-01-15T10:00', '2025-12-01T00:00', '2026-01-01T00:00', '2025-12-01'],
    ['semester', '2026-07-01T07:00', '2026-01-01T00:00', '2026-07-01T00:00', '2026-01-01'],
    ['semester', '2026-01-01T07:00', '2025-07-01T00:00', '2026-01-01T00:00', '2025-07-01'],
    ['semester', '2026-06-30T23:00', '2025-07-01T00:00', '2026-01-01T00:00', '2025-07-01'],
    ['yearly', '2026-01-01T07:00', '2025-01-01T00:00', '2026-01-01T00:00', '2025-01-01'],
  ] as const)('%s fired at %s covers %s to %s', (frequency, fired, start, end, key) => {
    const period = previousPeriod(frequency, at(fired), TZ);
    expect(localIso(period.start)).toBe(start);
    expect(localIso(period.end)).toBe(end);
    expect(period.key).toBe(key);
  });
});

describe('cronPattern', () => {
  it.each([
    ['daily', '07:00', '0 7 * * *'],
    ['weekly', '06:30', '30 6 * * 1'],
    ['monthly', '08:05', '5 8 1 * *'],
    ['semester', '07:00', '0 7 1 1,7 *'],
    ['yearly', '00:00', '0 0 1 1 *'],
  ] as const)('%s at %s is %s', (frequency, sendAt, pattern) => {
    expect(cronPattern(frequency, sendAt)).toBe(pattern);
  });
});

describe('lastFireAt', () => {
  it.each([
    ['daily', '07:00', '2026-03-03T06:59', '2026-03-02T07:00'],
    ['daily', '07:00', '2026-03-03T07:00', '2026-03-03T07:00'],
    ['weekly', '07:00', '2026-03-09T06:00', '2026-03-02T07:00'],
    ['monthly', '07:00', '2026-03-20T12:00', '2026-03-01T07:00'],
    ['semester', '07:00', '2026-03-20T12:00', '2026-01-01T07:00'],
    ['semester', '07:00', '2026-01-01T06:00', '2025-07-01T07:00'],
    ['yearly', '07:00', '2026-01-01T06:00', '2025-01-01T07:00'],
  ] as const)('%s at %s, seen at %s, last fired %s', (frequency, sendAt, now, fired) => {
    expect(localIso(lastFireAt(frequency, sendAt, TZ, at(now)))).toBe(fired);
  });
});

describe('parseRange', () => {
  it('should read local dates with an inclusive end', () => {
    const range = parseRange('2026-03-01', '2026-03-31', TZ);
    expect(range).toEqual({ start: at('2026-03-01T00:00'), end: at('2026-04-01T00:00') });
  });

  it('should read instants with an offset as given', () => {
    expect(parseRange('2026-03-01T00:00:00Z', '2026-03-02T12:00:00+08:00', TZ)).toEqual({
      start: new Date('2026-03-01T00:00:00Z'),
      end: new Date('2026-03-02T04:00:00Z'),
    });
  });

  it.each([
    [undefined, '2026-03-01', ['from']],
    ['2026-13-01', '2026-03-01', ['from']],
    ['yesterday', 'soon', ['from', 'to']],
    ['2026-03-01T10:00', '2026-03-02', ['from']],
    ['2026-03-05', '2026-03-01', ['to']],
    ['2020-01-01', '2026-01-01', ['to']],
  ])('should refuse from=%s to=%s naming %j', (from, to, fields) => {
    const range = parseRange(from, to, TZ);
    expect('errors' in range && range.errors.map((e) => e.field)).toEqual(fields);
  });
});

describe('periodLabel', () => {
  it.each([
    ['2026-03-02T00:00', '2026-03-03T00:00', 'id', 'Senin, 2 Maret 2026'],
    ['2026-03-01T00:00', '2026-04-01T00:00', 'id', 'Maret 2026'],
    ['2026-03-01T00:00', '2026-04-01T00:00', 'en', 'March 2026'],
    ['2025-07-01T00:00', '2026-01-01T00:00', 'id', 'Semester II 2025'],
    ['2025-01-01T00:00', '2026-01-01T00:00', 'id', 'Tahun 2025'],
    ['2026-03-02T00:00', '2026-03-09T00:00', 'id', '2 Maret 2026 - 8 Maret 2026'],
  ] as const)('%s to %s in %s reads %s', (start, end, locale, label) => {
    expect(periodLabel(at(start), at(end), TZ, locale)).toBe(label);
  });
});

describe('bucketKeys', () => {
  it('should list every local day of a month', () => {
    const keys = bucketKeys(at('2026-02-01T00:00'), at('2026-03-01T00:00'), 'day', TZ);
    expect(keys).toHaveLength(28);
    expect(keys[0]).toBe('2026-02-01T00:00');
    expect(keys[27]).toBe('2026-02-28T00:00');
  });
});
