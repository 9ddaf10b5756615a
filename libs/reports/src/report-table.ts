import { DateTime } from 'luxon';
import type { ExportCell } from './csv-writer';
import { RateView, SlaReportView } from './dto/sla-report.view';
import type { Locale } from './report-period';

/** One section of an exported report: a title, a header row and data rows. */
export interface ExportSection {
  title: string;
  header: string[];
  rows: ExportCell[][];
}

/** The dashboard's words, so the export, the mail and the screen say the same thing. */
const W = {
  id: {
    report: 'Laporan',
    scope: 'Cakupan',
    period: 'Periode',
    from: 'Dari',
    to: 'Sampai',
    timezone: 'Zona waktu',
    generated: 'Disusun pada',
    summary: 'Ringkasan',
    measure: 'Ukuran',
    value: 'Nilai',
    opened: 'Tiket masuk',
    resolved: 'Tiket selesai',
    backlog: 'Masih terbuka',
    responsePct: 'Ditanggapi tepat waktu (%)',
    resolutionPct: 'Diselesaikan tepat waktu (%)',
    respondMean: 'Rata-rata waktu tanggap (jam kerja)',
    respondMedian: 'Median waktu tanggap (jam kerja)',
    resolveMean: 'Rata-rata waktu selesai (jam kerja)',
    resolveMedian: 'Median waktu selesai (jam kerja)',
    tier1Pct: 'Selesai di Tier 1 (%)',
    escalationPct: 'Tingkat eskalasi (%)',
    breaches: 'Pelanggaran SLA',
    satisfaction: 'Kepuasan pelapor (1-5)',
    ratings: 'Penilaian',
    deflections: 'Selesai lewat artikel (laporan tidak jadi dikirim)',
    byPriority: 'Kepatuhan SLA per prioritas',
    priority: 'Prioritas',
    responseMet: 'Ditanggapi tepat waktu',
    responseTotal: 'Tiket dengan target tanggapan',
    resolutionMet: 'Diselesaikan tepat waktu',
    resolutionTotal: 'Tiket dengan target penyelesaian',
    backlogByAge: 'Tiket terbuka menurut umur',
    age: 'Umur',
    tickets: 'Tiket',
    ages: ['< 1 hari', '1-3 hari', '3-7 hari', '> 7 hari'],
    categories: 'Kategori terbanyak',
    category: 'Kategori',
    changes: 'Perubahan',
    changesImplemented: 'Perubahan diimplementasikan',
    changesReviewed: 'Perubahan ditutup dengan tinjauan',
    changesSuccessful: 'Perubahan berhasil',
    changesSuccessfulPct: 'Perubahan berhasil (%)',
    changesEmergency: 'Perubahan darurat',
    changesEmergencyPct: 'Porsi perubahan darurat (%)',
    problems: 'Masalah',
    problemsOpened: 'Masalah baru',
    problemsResolved: 'Masalah terselesaikan',
    knownErrors: 'Known error masih terbuka',
    incidentsByPhase: 'Insiden keamanan menurut tahap',
    phase: 'Tahap',
    phases: {
      reported: 'Dilaporkan',
      triage: 'Triase',
      containment: 'Penahanan',
      eradication: 'Pembersihan',
      recovery: 'Pemulihan',
      closed: 'Ditutup',
    } as Record<string, string>,
    incidentAck: 'Tanggapan CSIRT atas insiden',
    ackDecided: 'Insiden dengan tenggat tanggapan yang sudah lewat atau terpenuhi',
    ackMet: 'Ditanggapi tepat waktu',
    ackPct: 'Ditanggapi tepat waktu (%)',
    incidents: 'Insiden keamanan',
    severity: 'Tingkat keparahan',
    severities: { critical: 'kritis', high: 'tinggi', medium: 'sedang', low: 'rendah' } as Record<
      string,
      string
    >,
    byUnit: 'Kepatuhan SLA per perangkat daerah',
    unit: 'Perangkat daerah',
    series: 'Kepatuhan SLA dari waktu ke waktu',
    bucket: 'Waktu',
    breachList: 'Daftar pelanggaran SLA',
    number: 'Nomor',
    title: 'Judul',
    status: 'Status',
    team: 'Tim Tier 2',
    clock: 'Target yang terlewati',
    dueAt: 'Tenggat',
    breachedAt: 'Terlewati pada',
    metAt: 'Terpenuhi pada',
    clocks: {
      response: 'Tanggapan pertama',
      resolution: 'Penyelesaian',
      tier2_response: 'Diambil Tier 2',
    } as Record<string, string>,
    statuses: {
      new: 'Baru',
      assigned: 'Ditugaskan',
      in_progress: 'Sedang dikerjakan',
      pending: 'Menunggu',
      resolved: 'Selesai ditangani',
      closed: 'Ditutup',
      cancelled: 'Dibatalkan',
    } as Record<string, string>,
  },
  en: {
    report: 'Report',
    scope: 'Scope',
    period: 'Period',
    from: 'From',
    to: 'To',
    timezone: 'Time zone',
    generated: 'Generated at',
    summary: 'Summary',
    measure: 'Measure',
    value: 'Value',
    opened: 'Tickets opened',
    resolved: 'Tickets resolved',
    backlog: 'Still open',
    responsePct: 'Responded on time (%)',
    resolutionPct: 'Resolved on time (%)',
    respondMean: 'Mean time to respond (working hours)',
    respondMedian: 'Median time to respond (working hours)',
    resolveMean: 'Mean time to resolve (working hours)',
    resolveMedian: 'Median time to resolve (working hours)',
    tier1Pct: 'Resolved at Tier 1 (%)',
    escalationPct: 'Escalation rate (%)',
    breaches: 'SLA breaches',
    satisfaction: 'Requester satisfaction (1-5)',
    ratings: 'Ratings',
    deflections: 'Solved by an article (reports not sent)',
    byPriority: 'SLA compliance by priority',
    priority: 'Priority',
    responseMet: 'Responded on time',
    responseTotal: 'Tickets with a response target',
    resolutionMet: 'Resolved on time',
    resolutionTotal: 'Tickets with a resolution target',
    backlogByAge: 'Open tickets by age',
    age: 'Age',
    tickets: 'Tickets',
    ages: ['< 1 day', '1-3 days', '3-7 days', '> 7 days'],
    categories: 'Top categories',
    category: 'Category',
    changes: 'Changes',
    changesImplemented: 'Changes implemented',
    changesReviewed: 'Changes closed with a review',
    changesSuccessful: 'Successful changes',
    changesSuccessfulPct: 'Successful changes (%)',
    changesEmergency: 'Emergency changes',
    changesEmergencyPct: 'Emergency share (%)',
    problems: 'Problems',
    problemsOpened: 'Problems opened',
    problemsResolved: 'Problems resolved',
    knownErrors: 'Open known errors',
    incidentsByPhase: 'Security incidents by phase',
    phase: 'Phase',
    phases: {
      reported: 'Reported',
      triage: 'Triage',
      containment: 'Containment',
      eradication: 'Eradication',
      recovery: 'Recovery',
      closed: 'Closed',
    } as Record<string, string>,
    incidentAck: 'CSIRT acknowledgement of incidents',
    ackDecided: 'Incidents whose acknowledgement was met or is overdue',
    ackMet: 'Acknowledged on time',
    ackPct: 'Acknowledged on time (%)',
    incidents: 'Security incidents',
    severity: 'Severity',
    severities: { critical: 'critical', high: 'high', medium: 'medium', low: 'low' } as Record<
      string,
      string
    >,
    byUnit: 'SLA compliance by agency',
    unit: 'Agency (PD)',
    series: 'SLA compliance over time',
    bucket: 'Time',
    breachList: 'SLA breaches',
    number: 'Number',
    title: 'Title',
    status: 'Status',
    team: 'Tier 2 team',
    clock: 'Missed target',
    dueAt: 'Due',
    breachedAt: 'Breached at',
    metAt: 'Met at',
    clocks: {
      response: 'First response',
      resolution: 'Resolution',
      tier2_response: 'Tier 2 pick-up',
    } as Record<string, string>,
    statuses: {
      new: 'New',
      assigned: 'Assigned',
      in_progress: 'In progress',
      pending: 'Pending',
      resolved: 'Resolved',
      closed: 'Closed',
      cancelled: 'Cancelled',
    } as Record<string, string>,
  },
};

/** Working seconds as hours with one decimal (spreadsheets sum and average them). */
const hours = (s: number | null) => (s == null ? null : Math.round((s / 3600) * 10) / 10);
const pct = (r: RateView) => r.pct;

/**
 * The report as titled sections with headers in the reader's language (the dashboard's words) and
 * local times, for both CSV and XLSX: the spreadsheet formats only differ in how they are written.
 */
export function reportSections(report: SlaReportView, locale: Locale): ExportSection[] {
  const w = W[locale === 'en' ? 'en' : 'id'];
  const tz = report.period.timezone;
  const local = (at: string | null) =>
    at ? DateTime.fromISO(at, { zone: tz }).toFormat('yyyy-MM-dd HH:mm') : null;
  const s = report.summary;
  const sections: ExportSection[] = [
    {
      title: w.report,
      header: [w.scope, w.period, w.from, w.to, w.timezone, w.generated],
      rows: [
        [
          report.scope.label,
          report.period.label,
          local(report.period.from),
          local(report.period.to),
          tz,
          local(report.generatedAt),
        ],
      ],
    },
    {
      title: w.summary,
      header: [w.measure, w.value],
      rows: [
        [w.opened, s.opened],
        [w.resolved, s.resolved],
        [w.backlog, s.backlog],
        [w.responsePct, s.response.pct],
        [w.resolutionPct, s.resolution.pct],
        [w.respondMean, hours(s.timeToRespond.meanSeconds)],
        [w.respondMedian, hours(s.timeToRespond.medianSeconds)],
        [w.resolveMean, hours(s.timeToResolve.meanSeconds)],
        [w.resolveMedian, hours(s.timeToResolve.medianSeconds)],
        [w.tier1Pct, s.tier1Resolution.pct],
        [w.escalationPct, s.escalation.pct],
        [w.breaches, s.breaches],
        [w.satisfaction, s.satisfaction.average],
        [w.ratings, s.satisfaction.count],
        [w.deflections, report.deflections],
      ],
    },
    {
      title: w.byPriority,
      header: [
        w.priority,
        w.opened,
        w.resolved,
        w.responseMet,
        w.responseTotal,
        w.responsePct,
        w.resolutionMet,
        w.resolutionTotal,
        w.resolutionPct,
        w.respondMedian,
        w.resolveMedian,
      ],
      rows: report.byPriority.map((p) => [
        p.priority,
        p.opened,
        p.resolved,
        p.response.met,
        p.response.total,
        pct(p.response),
        p.resolution.met,
        p.resolution.total,
        pct(p.resolution),
        hours(p.timeToRespond.medianSeconds),
        hours(p.timeToResolve.medianSeconds),
      ]),
    },
    {
      title: w.backlogByAge,
      header: [w.age, w.tickets],
      rows: [
        [w.ages[0], report.backlogByAge.lt1d],
        [w.ages[1], report.backlogByAge.d1to3],
        [w.ages[2], report.backlogByAge.d3to7],
        [w.ages[3], report.backlogByAge.gt7d],
      ],
    },
    {
      title: w.categories,
      header: [w.category, w.opened],
      rows: report.topCategories.map((c) => [c.name, c.count]),
    },
    {
      title: w.incidents,
      header: [w.severity, w.tickets],
      rows: Object.entries(report.securityIncidents.bySeverity).map(([k, v]) => [w.severities[k] ?? k, v]),
    },
    {
      title: w.incidentsByPhase,
      header: [w.phase, w.tickets],
      rows: Object.entries(report.securityIncidents.byPhase).map(([k, v]) => [w.phases[k] ?? k, v]),
    },
    {
      title: w.incidentAck,
      header: [w.measure, w.value],
      rows: [
        [w.ackDecided, report.securityIncidents.acknowledgement.decided],
        [w.ackMet, report.securityIncidents.acknowledgement.met],
        [w.ackPct, report.securityIncidents.acknowledgement.pct],
      ],
    },
  ];
  if (report.changes) {
    const c = report.changes;
    sections.push({
      title: w.changes,
      header: [w.measure, w.value],
      rows: [
        [w.changesImplemented, c.implemented],
        [w.changesReviewed, c.successful.total],
        [w.changesSuccessful, c.successful.met],
        [w.changesSuccessfulPct, c.successful.pct],
        [w.changesEmergency, c.emergency.met],
        [w.changesEmergencyPct, c.emergency.pct],
      ],
    });
  }
  sections.push({
    title: w.problems,
    header: [w.measure, w.value],
    rows: [
      [w.problemsOpened, report.problems.opened],
      [w.problemsResolved, report.problems.resolved],
      [w.knownErrors, report.problems.openKnownErrors],
    ],
  });
  if (report.byUnit.length) {
    sections.push({
      title: w.byUnit,
      header: [
        w.unit,
        w.opened,
        w.resolved,
        w.backlog,
        w.responsePct,
        w.resolutionPct,
        w.tier1Pct,
        w.escalationPct,
        w.breaches,
        w.satisfaction,
      ],
      rows: report.byUnit.map((u) => [
        u.unitName,
        u.opened,
        u.resolved,
        u.backlog,
        pct(u.response),
        pct(u.resolution),
        pct(u.tier1Resolution),
        pct(u.escalation),
        u.breaches,
        u.satisfaction.average,
      ]),
    });
  }
  sections.push(
    {
      title: w.series,
      header: [w.bucket, w.opened, w.resolved, w.responsePct, w.resolutionPct],
      rows: report.series.points.map((p) => [
        p.bucket.replace('T', ' '),
        p.opened,
        p.resolved,
        p.responseMetPct,
        p.resolutionMetPct,
      ]),
    },
    {
      title: w.breachList,
      header: [
        w.number,
        w.title,
        w.priority,
        w.status,
        w.unit,
        w.team,
        w.clock,
        w.dueAt,
        w.breachedAt,
        w.metAt,
      ],
      rows: report.breaches.items.map((b) => [
        b.number,
        b.title,
        b.priority,
        w.statuses[b.status] ?? b.status,
        b.unitName,
        b.teamName,
        w.clocks[b.clock] ?? b.clock,
        local(b.dueAt),
        local(b.breachedAt),
        local(b.metAt),
      ]),
    },
  );
  return sections;
}

/** Sections as rows: a title row, a header row, the data, a blank row. */
export function sectionRows(sections: ExportSection[]): ExportCell[][] {
  return sections.flatMap((s) => [[s.title], s.header, ...s.rows, []]);
}
