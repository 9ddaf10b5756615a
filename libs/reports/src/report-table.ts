import { DateTime } from 'luxon';
import type { ExportCell } from './csv-writer';
import { RateView, SlaReportView } from './dto/sla-report.view';
import type { Locale } from './report-period';
import { EXPORT_WORDS } from './report-table-words';

/** One section of an exported report: a title, a header row and data rows. */
export interface ExportSection {
  title: string;
  header: string[];
  rows: ExportCell[][];
}

/** Working seconds as hours with one decimal (spreadsheets sum and average them). */
const hours = (s: number | null) => (s == null ? null : Math.round((s / 3600) * 10) / 10);
const pct = (r: RateView) => r.pct;

/**
 * The report as titled sections with headers in the reader's language (the dashboard's words) and
 * local times, for both CSV and XLSX: the spreadsheet formats only differ in how they are written.
 */
export function reportSections(report: SlaReportView, locale: Locale): ExportSection[] {
  const w = EXPORT_WORDS[locale === 'en' ? 'en' : 'id'];
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
