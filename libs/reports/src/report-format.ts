import { DateTime } from 'luxon';
import type { Locale } from './report-period';
import { INCIDENT_PHASE_WORDS } from './report-phase-words';

/** Words of the report mail and PDF, in the reader's language. */
export const REPORT_WORDS = {
  id: {
    title: 'Laporan SLA Layanan TIK',
    opened: 'Tiket masuk',
    resolved: 'Tiket selesai',
    backlog: 'Masih terbuka',
    responseMet: 'Ditanggapi tepat waktu',
    resolutionMet: 'Diselesaikan tepat waktu',
    tier1: 'Selesai di Tier 1',
    escalation: 'Tingkat eskalasi',
    satisfaction: 'Kepuasan pelapor',
    breaches: 'Pelanggaran SLA',
    deflections: 'Selesai lewat artikel',
    byPriority: 'Kepatuhan SLA per prioritas',
    priority: 'Prioritas',
    response: 'Tanggapan',
    resolution: 'Penyelesaian',
    medianRespond: 'Median waktu tanggap',
    medianResolve: 'Median waktu selesai',
    times: 'Waktu layanan (jam kerja)',
    meanRespond: 'Rata-rata waktu tanggap',
    meanResolve: 'Rata-rata waktu selesai',
    median: 'median',
    backlogAge: 'Tiket terbuka menurut umur',
    ages: ['< 1 hari', '1-3 hari', '3-7 hari', '> 7 hari'],
    units: 'Kepatuhan SLA per perangkat daerah',
    unit: 'Perangkat Daerah',
    categories: 'Kategori terbanyak',
    category: 'Kategori',
    tickets: 'Tiket',
    breachList: 'Daftar pelanggaran SLA',
    number: 'Nomor',
    ticketTitle: 'Judul',
    clock: 'Target yang terlewati',
    breachedAt: 'Terlewati pada',
    more: (n: number) => `dan ${n} lainnya (lihat lampiran CSV)`,
    none: 'Tidak ada.',
    incidents: 'Insiden keamanan',
    severity: 'Tingkat',
    severities: { low: 'Rendah', medium: 'Sedang', high: 'Tinggi', critical: 'Kritis' } as Record<
      string,
      string
    >,
    incidentsPending: 'Modul insiden belum aktif; semua hitungan 0.',
    changesProblems: 'Perubahan dan masalah',
    changesImplemented: 'Perubahan diimplementasikan',
    changesSuccessful: 'Perubahan berhasil',
    changesEmergency: 'Porsi perubahan darurat',
    problemsOpened: 'Masalah baru',
    problemsResolved: 'Masalah terselesaikan',
    knownErrors: 'Known error masih terbuka',
    phase: 'Tahap',
    phases: INCIDENT_PHASE_WORDS.id,
    ackMet: (pct: string, met: number, decided: number) =>
      `Tanggapan CSIRT tepat waktu: ${pct} (${met} dari ${decided}). Hanya jumlah; isi insiden bersifat rahasia.`,
    clocks: {
      response: 'Tanggapan pertama',
      resolution: 'Penyelesaian',
      tier2_response: 'Diambil Tier 2',
    } as Record<string, string>,
    chartAlt: 'Grafik volume tiket dan kepatuhan SLA',
    chartOpened: 'Masuk',
    chartResolved: 'Selesai',
    chartResponse: 'Tanggapan tepat waktu (%)',
    chartResolution: 'Penyelesaian tepat waktu (%)',
    attachments: 'Lampiran: data lengkap (CSV) dan laporan siap cetak (PDF).',
    open: 'Buka SPBE Service Desk',
    footer: (name: string) =>
      `Anda menerima laporan ini karena terdaftar pada langganan "${name}". Angka waktu dihitung dalam jam kerja.`,
    generated: 'Dibuat',
    page: (n: number, of: number) => `Halaman ${n} dari ${of}`,
    subject: (scope: string, period: string) => `Laporan SLA ${scope}: ${period}`,
    /** Column headings of the PDF's narrow columns. */
    short: {
      opened: 'Masuk',
      resolved: 'Selesai',
      backlog: 'Terbuka',
      response: 'Tanggapan',
      resolution: 'Penyelesaian',
      tier1: 'Tier 1',
      breaches: 'Lewat SLA',
      satisfaction: 'Kepuasan',
      medianRespond: 'Median tanggap',
      medianResolve: 'Median selesai',
    },
  },
  en: {
    title: 'IT Service SLA Report',
    opened: 'Tickets opened',
    resolved: 'Tickets resolved',
    backlog: 'Still open',
    responseMet: 'Responded on time',
    resolutionMet: 'Resolved on time',
    tier1: 'Resolved at Tier 1',
    escalation: 'Escalation rate',
    satisfaction: 'Requester satisfaction',
    breaches: 'SLA breaches',
    deflections: 'Solved by an article',
    byPriority: 'SLA compliance by priority',
    priority: 'Priority',
    response: 'Response',
    resolution: 'Resolution',
    medianRespond: 'Median response',
    medianResolve: 'Median resolution',
    times: 'Service times (working hours)',
    meanRespond: 'Mean time to respond',
    meanResolve: 'Mean time to resolve',
    median: 'median',
    backlogAge: 'Open tickets by age',
    ages: ['< 1 day', '1-3 days', '3-7 days', '> 7 days'],
    units: 'SLA compliance by agency',
    unit: 'Agency (PD)',
    categories: 'Top categories',
    category: 'Category',
    tickets: 'Tickets',
    breachList: 'SLA breaches',
    number: 'Number',
    ticketTitle: 'Title',
    clock: 'Missed target',
    breachedAt: 'Breached at',
    more: (n: number) => `and ${n} more (see the CSV attachment)`,
    none: 'None.',
    incidents: 'Security incidents',
    severity: 'Severity',
    severities: { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' } as Record<
      string,
      string
    >,
    incidentsPending: 'The incidents module is not active yet; all counts are 0.',
    changesProblems: 'Changes and problems',
    changesImplemented: 'Changes implemented',
    changesSuccessful: 'Successful changes',
    changesEmergency: 'Emergency share',
    problemsOpened: 'Problems opened',
    problemsResolved: 'Problems resolved',
    knownErrors: 'Open known errors',
    phase: 'Phase',
    phases: INCIDENT_PHASE_WORDS.en,
    ackMet: (pct: string, met: number, decided: number) =>
      `CSIRT acknowledgement on time: ${pct} (${met} of ${decided}). Counts only; incidents are confidential.`,
    clocks: { response: 'Response', resolution: 'Resolution', tier2_response: 'Tier 2 pick-up' } as Record<
      string,
      string
    >,
    chartAlt: 'Chart of ticket volume and SLA compliance',
    chartOpened: 'Filed',
    chartResolved: 'Resolved',
    chartResponse: 'Response on time (%)',
    chartResolution: 'Resolution on time (%)',
    attachments: 'Attached: the full data (CSV) and a printable report (PDF).',
    open: 'Open the SPBE Service Desk',
    footer: (name: string) =>
      `You receive this report as a recipient of the subscription "${name}". Times are working hours.`,
    generated: 'Generated',
    page: (n: number, of: number) => `Page ${n} of ${of}`,
    subject: (scope: string, period: string) => `SLA report ${scope}: ${period}`,
    short: {
      opened: 'Filed',
      resolved: 'Resolved',
      backlog: 'Backlog',
      response: 'Response',
      resolution: 'Resolution',
      tier1: 'Tier 1',
      breaches: 'Breaches',
      satisfaction: 'Rating',
      medianRespond: 'Median response',
      medianResolve: 'Median resolution',
    },
  },
};

export const pctText = (pct: number | null) => (pct == null ? '-' : `${String(pct).replace('.', ',')}%`);
export const pctTextFor = (pct: number | null, locale: Locale) =>
  locale === 'en' ? (pct == null ? '-' : `${pct}%`) : pctText(pct);

/** Business seconds as "2 j 05 mnt" / "2 h 05 min". */
export function durationText(seconds: number | null, locale: Locale): string {
  if (seconds == null) return '-';
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  const [hu, mu] = locale === 'en' ? ['h', 'min'] : ['j', 'mnt'];
  if (h === 0) return `${m} ${mu}`;
  return `${h} ${hu} ${String(m).padStart(2, '0')} ${mu}`;
}

export const satisfactionText = (average: number | null, locale: Locale) =>
  average == null ? '-' : `${locale === 'en' ? average : String(average).replace('.', ',')} / 5`;

/** Traffic-light colour of a compliance percentage. */
export const pctColour = (pct: number | null) =>
  pct == null ? '#555555' : pct >= 90 ? '#1b7f3b' : pct >= 75 ? '#b26a00' : '#b3261e';

export function instantText(at: string | Date | null, tz: string, locale: Locale): string {
  if (!at) return '-';
  return DateTime.fromJSDate(new Date(at), { zone: tz })
    .setLocale(locale === 'en' ? 'en-GB' : 'id-ID')
    .toFormat(locale === 'en' ? 'd LLL yyyy HH:mm' : 'd LLL yyyy HH.mm');
}

/** Chart axis label of a bucket key (`YYYY-MM-DDTHH:mm`). */
export function bucketLabel(bucket: string, granularity: string, locale: Locale): string {
  const d = DateTime.fromISO(bucket).setLocale(locale === 'en' ? 'en-GB' : 'id-ID');
  return granularity === 'hour'
    ? d.toFormat('HH')
    : granularity === 'day'
      ? d.toFormat('d')
      : d.toFormat('LLL yy');
}
