import type { TFunction } from 'i18next';
import type { SlaPolicy } from '@desk/contracts';

export type Unit = 'M' | 'H' | 'D';
export type CalendarKind = SlaPolicy['calendar'];
export interface Duration {
  amount: number | string;
  unit: Unit;
}

const UNIT_SECONDS: Record<Unit, number> = { M: 60, H: 3600, D: 86400 };

/**
 * The units a target is shown and entered in. On the business calendar a target counts working
 * time, so a "day" of target (P1D = PT24H) is 24 working hours, about three working days: only
 * hours and minutes there, labelled as working time. Days only on the 24x7 calendar.
 */
export const unitsFor = (calendar: CalendarKind): readonly Unit[] =>
  calendar === 'business' ? ['H', 'M'] : ['D', 'H', 'M'];

/** The largest whole unit of the calendar for a number of seconds (whole minutes otherwise). */
function fromSeconds(seconds: number, calendar: CalendarKind): Duration {
  for (const unit of unitsFor(calendar))
    if (seconds % UNIT_SECONDS[unit] === 0) return { amount: seconds / UNIT_SECONDS[unit], unit };
  return { amount: Math.round(seconds / 60), unit: 'M' };
}

/** ISO 8601 (PT30M, PT8H, P3D, P1DT4H) to the largest whole unit of the calendar, for a number and a unit picker. */
export function parseDuration(iso: string, calendar: CalendarKind): Duration {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m) return { amount: '', unit: 'H' };
  const [w, d, h, min, s] = m.slice(1).map((v) => Number(v ?? 0));
  return fromSeconds(w * 7 * 86400 + d * 86400 + h * 3600 + min * 60 + s, calendar);
}

/** The same target in the units of another calendar (the seconds do not change: PT24H stays PT24H). */
export function forCalendar(d: Duration, calendar: CalendarKind): Duration {
  const n = Number(d.amount);
  if (d.amount !== '' && Number.isInteger(n) && n >= 1)
    return fromSeconds(n * UNIT_SECONDS[d.unit], calendar);
  return unitsFor(calendar).includes(d.unit) ? d : { ...d, unit: 'H' };
}

export const toIsoDuration = ({ amount, unit }: Duration): string =>
  unit === 'D' ? `P${amount}D` : `PT${amount}${unit}`;

/** A unit's label: working hours and minutes on the business calendar. */
export function unitLabel(unit: Unit, calendar: CalendarKind, t: TFunction<'translation'>): string {
  return calendar === 'business' && unit !== 'D'
    ? t(`slaPolicy.workUnits.${unit}`)
    : t(`slaPolicy.units.${unit}`);
}

/** A policy's duration as the table shows it: "4 jam kerja". */
export function durationLabel(iso: string, calendar: CalendarKind, t: TFunction<'translation'>): string {
  const d = parseDuration(iso, calendar);
  return d.amount === '' ? iso : `${d.amount} ${unitLabel(d.unit, calendar, t)}`;
}
