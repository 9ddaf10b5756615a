import type { ReportRate } from '@desk/contracts';
import type { TFunction } from 'i18next';

type Translate = TFunction<'translation'>;

const numberFormat = (lang: string, digits: number) =>
  new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: digits });

/** "87,5 %" (Indonesian decimal comma), or "—" when nothing was counted. */
export function formatPct(value: number | null | undefined, lang: string): string {
  return value == null ? '—' : `${numberFormat(lang, 1).format(value)} %`;
}

export function formatNumber(value: number | null | undefined, lang: string, digits = 0): string {
  return value == null ? '—' : numberFormat(lang, digits).format(value);
}

/** "12 dari 15 tiket" under a percentage. */
export function rateHint(rate: ReportRate, t: Translate): string {
  return rate.total
    ? t('dashboard.hint.ofTotal', { met: rate.met, total: rate.total })
    : t('dashboard.hint.noData');
}

/**
 * Business seconds as "27 j 15 mnt": in working hours, never days (a working day is not 24 hours,
 * so "1 hr 3 j" would mislead).
 */
export function formatBusiness(seconds: number | null | undefined, t: Translate): string {
  if (seconds == null) return '—';
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  if (h > 0) return `${h} ${t('time.units.h')} ${m} ${t('time.units.m')}`;
  return `${m} ${t('time.units.m')} ${total % 60} ${t('time.units.s')}`;
}
