import dayjs from 'dayjs';
import localizedFormat from 'dayjs/plugin/localizedFormat';
import relativeTime from 'dayjs/plugin/relativeTime';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { useRegion } from '../api/hooks';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(relativeTime);
dayjs.extend(localizedFormat);

/** Indonesian time zone names (WIB/WITA/WIT) that people read on letters and clocks. */
const ZONE_ABBR: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The region's time zone (deadlines are the region's office hours), else the browser's. */
export function useTimeZone(): string {
  const region = useRegion();
  return region.data?.timezone ?? browserZone;
}

export function zoneAbbr(tz: string): string {
  return ZONE_ABBR[tz] ?? dayjs().tz(tz).format('Z');
}

export function formatDateTime(iso: string | null | undefined, tz: string): string {
  if (!iso) return '—';
  // Indonesian writes times with a dot (16.30), English with a colon.
  const time = dayjs.locale() === 'en' ? 'HH:mm' : 'HH.mm';
  return `${dayjs(iso).tz(tz).format(`D MMM YYYY ${time}`)} ${zoneAbbr(tz)}`;
}

/** A time of day (`HH:mm`) as people write it: `07.00` in Indonesian, `07:00` in English. */
export function formatClock(hhmm: string): string {
  return dayjs.locale() === 'en' ? hhmm : hhmm.replace(':', '.');
}

export function formatDate(iso: string | null | undefined, tz: string): string {
  if (!iso) return '—';
  return dayjs(iso).tz(tz).format('D MMM YYYY');
}

export function fromNow(iso: string): string {
  return dayjs(iso).fromNow();
}

/** A compact duration: "2 hr 3 j", "3 j 15 mnt", "4 mnt 20 dtk". */
export function formatDuration(ms: number, units: { d: string; h: string; m: string; s: string }): string {
  const total = Math.max(0, Math.floor(Math.abs(ms) / 1000));
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d > 0) return `${d} ${units.d} ${h} ${units.h}`;
  if (h > 0) return `${h} ${units.h} ${m} ${units.m}`;
  return `${m} ${units.m} ${s} ${units.s}`;
}

export { dayjs };
