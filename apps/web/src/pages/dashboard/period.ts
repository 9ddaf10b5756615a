import { dayjs } from '../../lib/dates';

export const PERIOD_PRESETS = [
  'month',
  'lastMonth',
  'semester',
  'lastSemester',
  'year',
  'lastYear',
  'custom',
] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export const isPreset = (value: string | null): value is PeriodPreset =>
  !!value && (PERIOD_PRESETS as readonly string[]).includes(value);

const DAY = 'YYYY-MM-DD';

/**
 * A preset's first and last day (inclusive, local dates in the region's zone). A running period
 * ends today, so the charts do not trail off into days that have not happened yet.
 */
export function presetRange(preset: Exclude<PeriodPreset, 'custom'>, tz: string, now = dayjs()) {
  const today = now.tz(tz);
  const semesterStart = (d: typeof today) => d.startOf('year').add(d.month() >= 6 ? 6 : 0, 'month');
  let from = today.startOf('month');
  let to = today;
  switch (preset) {
    case 'month':
      break;
    case 'lastMonth':
      from = today.startOf('month').subtract(1, 'month');
      to = from.endOf('month');
      break;
    case 'semester':
      from = semesterStart(today);
      break;
    case 'lastSemester':
      from = semesterStart(today).subtract(6, 'month');
      to = from.add(6, 'month').subtract(1, 'day');
      break;
    case 'year':
      from = today.startOf('year');
      break;
    case 'lastYear':
      from = today.startOf('year').subtract(1, 'year');
      to = from.endOf('year');
      break;
  }
  return { from: from.format(DAY), to: to.format(DAY) };
}

/** An axis label for a series bucket (`YYYY-MM-DDTHH:mm`, already local). */
export function bucketLabel(bucket: string, granularity: string): string {
  const d = dayjs(bucket);
  if (granularity === 'hour') return d.format(dayjs.locale() === 'en' ? 'D MMM HH:mm' : 'D MMM HH.mm');
  if (granularity === 'month') return d.format('MMM YYYY');
  return d.format('D MMM');
}
