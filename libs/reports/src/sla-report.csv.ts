import { stringify } from 'csv-stringify/sync';
import { RateView, SlaReportView } from './dto/sla-report.view';

type Cell = string | number | null;

/** Spreadsheets run cells starting with = + - @ as formulas: such text is prefixed with a quote. */
const safe = (value: Cell): Cell =>
  typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;

const pct = (r: RateView) => r.pct;

/**
 * The report as CSV, one section after another (a title row, a header row, data rows, a blank
 * row), so it opens readably in a spreadsheet and each section can be cut out for further work.
 */
export function slaReportCsv(report: SlaReportView): string {
  const rows: Cell[][] = [];
  const section = (title: string, header: string[], data: Cell[][]) => {
    rows.push([title], header, ...data, []);
  };
  const s = report.summary;
  section(
    'report',
    ['scope', 'period', 'from', 'to', 'timezone', 'generated_at'],
    [
      [
        report.scope.label,
        report.period.label,
        report.period.from,
        report.period.to,
        report.period.timezone,
        report.generatedAt,
      ],
    ],
  );
  section(
    'summary',
    ['metric', 'value'],
    [
      ['opened', s.opened],
      ['resolved', s.resolved],
      ['backlog', s.backlog],
      ['response_met_pct', s.response.pct],
      ['resolution_met_pct', s.resolution.pct],
      ['respond_mean_business_seconds', s.timeToRespond.meanSeconds],
      ['respond_median_business_seconds', s.timeToRespond.medianSeconds],
      ['resolve_mean_business_seconds', s.timeToResolve.meanSeconds],
      ['resolve_median_business_seconds', s.timeToResolve.medianSeconds],
      ['tier1_resolution_pct', s.tier1Resolution.pct],
      ['escalation_pct', s.escalation.pct],
      ['breaches', s.breaches],
      ['satisfaction_average', s.satisfaction.average],
      ['satisfaction_ratings', s.satisfaction.count],
    ],
  );
  section(
    'by_priority',
    [
      'priority',
      'opened',
      'resolved',
      'response_met',
      'response_total',
      'response_met_pct',
      'resolution_met',
      'resolution_total',
      'resolution_met_pct',
      'respond_median_business_seconds',
      'resolve_median_business_seconds',
    ],
    report.byPriority.map((p) => [
      p.priority,
      p.opened,
      p.resolved,
      p.response.met,
      p.response.total,
      pct(p.response),
      p.resolution.met,
      p.resolution.total,
      pct(p.resolution),
      p.timeToRespond.medianSeconds,
      p.timeToResolve.medianSeconds,
    ]),
  );
  section(
    'backlog_by_age',
    ['age', 'tickets'],
    [
      ['<1d', report.backlogByAge.lt1d],
      ['1-3d', report.backlogByAge.d1to3],
      ['3-7d', report.backlogByAge.d3to7],
      ['>7d', report.backlogByAge.gt7d],
    ],
  );
  section(
    'top_categories',
    ['category', 'opened'],
    report.topCategories.map((c) => [safe(c.name), c.count]),
  );
  section(
    'security_incidents',
    ['severity', 'incidents'],
    Object.entries(report.securityIncidents.bySeverity).map(([k, v]) => [k, v]),
  );
  section(
    'security_incidents_by_phase',
    ['phase', 'incidents'],
    Object.entries(report.securityIncidents.byPhase).map(([k, v]) => [k, v]),
  );
  section(
    'security_incident_acknowledgement',
    ['decided', 'met', 'met_pct'],
    [
      [
        report.securityIncidents.acknowledgement.decided,
        report.securityIncidents.acknowledgement.met,
        report.securityIncidents.acknowledgement.pct ?? '',
      ],
    ],
  );
  if (report.byUnit.length) {
    section(
      'by_unit',
      [
        'unit',
        'opened',
        'resolved',
        'backlog',
        'response_met_pct',
        'resolution_met_pct',
        'tier1_resolution_pct',
        'escalation_pct',
        'breaches',
        'satisfaction_average',
      ],
      report.byUnit.map((u) => [
        safe(u.unitName),
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
    );
  }
  section(
    'series',
    ['bucket', 'opened', 'resolved', 'response_met_pct', 'resolution_met_pct'],
    report.series.points.map((p) => [p.bucket, p.opened, p.resolved, p.responseMetPct, p.resolutionMetPct]),
  );
  section(
    'breaches',
    ['number', 'title', 'priority', 'status', 'unit', 'team', 'clock', 'due_at', 'breached_at', 'met_at'],
    report.breaches.items.map((b) => [
      b.number,
      safe(b.title),
      b.priority,
      b.status,
      safe(b.unitName),
      safe(b.teamName),
      b.clock,
      b.dueAt,
      b.breachedAt,
      b.metAt,
    ]),
  );
  // Every cell, the scope label and section titles too: a unit or team name is user input.
  return stringify(
    rows.map((row) => row.map(safe)),
    { cast: { number: (n) => String(n) } },
  );
}
