import type {
  ReportBacklog,
  ReportBreachItem,
  ReportBreaches,
  ReportCategoryCount,
  ReportDuration,
  ReportChanges,
  ReportIncidentItem,
  ReportIncidents,
  ReportProblems,
  ReportPeriod,
  ReportPriorityRow,
  ReportRate,
  ReportSatisfaction,
  ReportScope,
  ReportSeries,
  ReportSeriesPoint,
  ReportUnitRow,
  SlaReport,
  SlaReportSummary,
} from '@desk/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ReportScopeView implements ReportScope {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  unitId: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  unitName: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  teamId: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  teamName: string | null;

  @ApiProperty({ description: 'Every PD (no unit chosen): the report lists them side by side' })
  regencyWide: boolean;

  @ApiProperty({ example: 'Dinas Kesehatan' })
  label: string;
}

export class ReportPeriodView implements ReportPeriod {
  @ApiProperty({ format: 'date-time' })
  from: string;

  @ApiProperty({ format: 'date-time', description: 'Exclusive end' })
  to: string;

  @ApiProperty({ example: 'Asia/Makassar' })
  timezone: string;

  @ApiProperty({ example: 'Maret 2026' })
  label: string;

  @ApiProperty({ format: 'date-time', description: 'Backlog measured at: the end, or now while running' })
  asOf: string;
}

export class RateView implements ReportRate {
  @ApiProperty({ description: 'Counted in the numerator' })
  met: number;

  @ApiProperty({ description: 'The denominator' })
  total: number;

  @ApiProperty({ nullable: true, type: Number, description: 'met / total in percent, one decimal' })
  pct: number | null;
}

export class DurationView implements ReportDuration {
  @ApiProperty({ nullable: true, type: Number, description: 'Business seconds' })
  meanSeconds: number | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Business seconds' })
  medianSeconds: number | null;

  @ApiProperty()
  count: number;
}

export class SatisfactionView implements ReportSatisfaction {
  @ApiProperty({ nullable: true, type: Number, description: 'Mean rating 1..5, two decimals' })
  average: number | null;

  @ApiProperty()
  count: number;
}

export class SummaryView implements SlaReportSummary {
  @ApiProperty({ description: 'Tickets filed in the period' })
  opened: number;

  @ApiProperty({ description: 'Tickets resolved in the period' })
  resolved: number;

  @ApiProperty({ description: 'Tickets open at `asOf`' })
  backlog: number;

  @ApiProperty({ type: RateView, description: 'Opened in the period: responded to by the due time' })
  response: RateView;

  @ApiProperty({ type: RateView, description: 'Resolved in the period: resolved by the due time' })
  resolution: RateView;

  @ApiProperty({ type: DurationView })
  timeToRespond: DurationView;

  @ApiProperty({ type: DurationView })
  timeToResolve: DurationView;

  @ApiProperty({ type: RateView, description: 'Resolved in the period without escalation' })
  tier1Resolution: RateView;

  @ApiProperty({ type: RateView, description: 'Opened in the period and escalated to Tier 2' })
  escalation: RateView;

  @ApiProperty({ description: 'SLA clocks breached in the period' })
  breaches: number;

  @ApiProperty({ type: SatisfactionView })
  satisfaction: SatisfactionView;
}

export class BacklogView implements ReportBacklog {
  @ApiProperty({ description: 'Open for less than a day' })
  lt1d: number;

  @ApiProperty({ description: '1 to 3 days' })
  d1to3: number;

  @ApiProperty({ description: '3 to 7 days' })
  d3to7: number;

  @ApiProperty({ description: 'More than 7 days' })
  gt7d: number;
}

export class PriorityRowView implements ReportPriorityRow {
  @ApiProperty({ enum: ['P1', 'P2', 'P3', 'P4'] })
  priority: string;

  @ApiProperty()
  opened: number;

  @ApiProperty()
  resolved: number;

  @ApiProperty({ type: RateView })
  response: RateView;

  @ApiProperty({ type: RateView })
  resolution: RateView;

  @ApiProperty({ type: DurationView })
  timeToRespond: DurationView;

  @ApiProperty({ type: DurationView })
  timeToResolve: DurationView;
}

export class BreachItemView implements ReportBreachItem {
  @ApiProperty({ format: 'uuid' })
  ticketId: string;

  @ApiProperty()
  number: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  priority: string;

  @ApiProperty()
  status: string;

  @ApiProperty()
  unitName: string;

  @ApiProperty({ nullable: true, type: String })
  teamName: string | null;

  @ApiProperty({ enum: ['response', 'resolution', 'tier2_response'] })
  clock: string;

  @ApiProperty({ format: 'date-time' })
  dueAt: string;

  @ApiProperty({ format: 'date-time' })
  breachedAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  metAt: string | null;
}

export class BreachesView implements ReportBreaches {
  @ApiProperty()
  total: number;

  @ApiProperty({
    example: { response: 3, resolution: 5 },
    type: 'object',
    additionalProperties: { type: 'number' },
  })
  byClock: Record<string, number>;

  @ApiProperty({ type: [BreachItemView], description: 'The latest 100' })
  items: BreachItemView[];
}

export class CategoryCountView implements ReportCategoryCount {
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  categoryId: string | null;

  @ApiProperty({ example: 'Jaringan' })
  name: string;

  @ApiProperty()
  count: number;
}

export class ChangesView implements ReportChanges {
  @ApiProperty({ description: 'Changes whose implementation started in the period' })
  implemented: number;

  @ApiProperty({ type: RateView, description: 'Changes closed in the period whose review says successful' })
  successful: RateView;

  @ApiProperty({ type: RateView, description: 'Emergency changes among those implemented' })
  emergency: RateView;
}

export class ProblemsView implements ReportProblems {
  @ApiProperty()
  opened: number;

  @ApiProperty()
  resolved: number;

  @ApiProperty({ description: 'Known errors still open at the end of the period' })
  openKnownErrors: number;
}

export class IncidentsView implements ReportIncidents {
  @ApiProperty({ description: 'False until the incidents feature is installed (then every count is 0)' })
  available: boolean;

  @ApiProperty()
  total: number;

  @ApiProperty({
    example: { low: 0, medium: 1, high: 0, critical: 0 },
    type: 'object',
    additionalProperties: { type: 'number' },
  })
  bySeverity: Record<string, number>;

  @ApiProperty({
    example: { reported: 1, triage: 0, containment: 0, eradication: 0, recovery: 0, closed: 2 },
    type: 'object',
    additionalProperties: { type: 'number' },
  })
  byPhase: Record<string, number>;

  @ApiProperty({ example: { decided: 3, met: 2, pct: 66.7 }, description: 'Acknowledgement SLA met' })
  acknowledgement: { decided: number; met: number; pct: number | null };

  @ApiPropertyOptional({ description: 'Only when the reader is CSIRT: the incidents themselves' })
  items?: ReportIncidentItem[];
}

export class SeriesPointView implements ReportSeriesPoint {
  @ApiProperty({ example: '2026-03-01T00:00', description: 'Local start of the bucket' })
  bucket: string;

  @ApiProperty()
  opened: number;

  @ApiProperty()
  resolved: number;

  @ApiProperty({ nullable: true, type: Number })
  responseMetPct: number | null;

  @ApiProperty({ nullable: true, type: Number })
  resolutionMetPct: number | null;
}

export class SeriesView implements ReportSeries {
  @ApiProperty({ enum: ['hour', 'day', 'month'] })
  granularity: string;

  @ApiProperty({ type: [SeriesPointView] })
  points: SeriesPointView[];
}

export class UnitRowView implements ReportUnitRow {
  @ApiProperty({ format: 'uuid' })
  unitId: string;

  @ApiProperty()
  unitName: string;

  @ApiProperty()
  opened: number;

  @ApiProperty()
  resolved: number;

  @ApiProperty()
  backlog: number;

  @ApiProperty({ type: RateView })
  response: RateView;

  @ApiProperty({ type: RateView })
  resolution: RateView;

  @ApiProperty({ type: RateView })
  tier1Resolution: RateView;

  @ApiProperty({ type: RateView })
  escalation: RateView;

  @ApiProperty()
  breaches: number;

  @ApiProperty({ type: SatisfactionView })
  satisfaction: SatisfactionView;
}

/** GET /reports/sla (docs/domain.md, "Reports"). */
export class SlaReportView implements SlaReport {
  @ApiProperty({ type: ReportScopeView })
  scope: ReportScopeView;

  @ApiProperty({ type: ReportPeriodView })
  period: ReportPeriodView;

  @ApiProperty({ format: 'date-time' })
  generatedAt: string;

  @ApiProperty({ type: SummaryView })
  summary: SummaryView;

  @ApiProperty({ description: 'Draft tickets ended as solved by a knowledge-base article (PD scope)' })
  deflections: number;

  @ApiProperty({ type: BacklogView })
  backlogByAge: BacklogView;

  @ApiProperty({ type: [PriorityRowView] })
  byPriority: PriorityRowView[];

  @ApiProperty({ type: BreachesView })
  breaches: BreachesView;

  @ApiProperty({ type: [CategoryCountView], description: 'Top 10 by tickets opened' })
  topCategories: CategoryCountView[];

  @ApiProperty({ type: IncidentsView, description: 'Counts only' })
  securityIncidents: IncidentsView;

  @ApiPropertyOptional({ type: ChangesView, nullable: true, description: 'Null for a Tier 2 team scope' })
  changes: ChangesView | null;

  @ApiProperty({ type: ProblemsView })
  problems: ProblemsView;

  @ApiProperty({ type: SeriesView, description: 'Volume and compliance over the period (the chart)' })
  series: SeriesView;

  @ApiProperty({ type: [UnitRowView], description: 'Every PD side by side (regency-wide scope only)' })
  byUnit: UnitRowView[];
}
