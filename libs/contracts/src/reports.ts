/**
 * Read-only shapes of the SLA report (`GET /reports/sla`), report subscriptions and their delivery
 * log (`/report-subscriptions`), notification preferences (`/users/me/preferences`) and the
 * development mail capture (`/dev/mail`). The server's view classes implement them.
 */

export const REPORT_FREQUENCIES = ['daily', 'weekly', 'monthly', 'semester', 'yearly'] as const;
export type ReportFrequency = (typeof REPORT_FREQUENCIES)[number];

/** A share: `pct` is met / total in percent with one decimal, null when nothing counted. */
export interface ReportRate {
  met: number;
  total: number;
  pct: number | null;
}

/** Business seconds. */
export interface ReportDuration {
  meanSeconds: number | null;
  medianSeconds: number | null;
  count: number;
}

export interface ReportSatisfaction {
  /** Mean rating 1..5, two decimals. */
  average: number | null;
  count: number;
}

export interface ReportScope {
  unitId: string | null;
  unitName: string | null;
  teamId: string | null;
  teamName: string | null;
  /** No PD chosen: every PD side by side in `byUnit`. */
  regencyWide: boolean;
  label: string;
}

export interface ReportPeriod {
  from: string;
  /** Exclusive. */
  to: string;
  timezone: string;
  label: string;
  /** Backlog measured at: the end, or now while the period runs. */
  asOf: string;
}

export interface SlaReportSummary {
  opened: number;
  resolved: number;
  backlog: number;
  response: ReportRate;
  resolution: ReportRate;
  timeToRespond: ReportDuration;
  timeToResolve: ReportDuration;
  tier1Resolution: ReportRate;
  escalation: ReportRate;
  breaches: number;
  satisfaction: ReportSatisfaction;
}

export interface ReportBacklog {
  lt1d: number;
  d1to3: number;
  d3to7: number;
  gt7d: number;
}

export interface ReportPriorityRow {
  /** P1..P4 */
  priority: string;
  opened: number;
  resolved: number;
  response: ReportRate;
  resolution: ReportRate;
  timeToRespond: ReportDuration;
  timeToResolve: ReportDuration;
}

export interface ReportBreachItem {
  ticketId: string;
  number: string;
  title: string;
  priority: string;
  status: string;
  unitName: string;
  teamName: string | null;
  /** `response`, `resolution` or `tier2_response`. */
  clock: string;
  dueAt: string;
  breachedAt: string;
  metAt: string | null;
}

export interface ReportBreaches {
  total: number;
  byClock: Record<string, number>;
  /** The latest 100. */
  items: ReportBreachItem[];
}

export interface ReportCategoryCount {
  categoryId: string | null;
  name: string;
  count: number;
}

export interface ReportIncidents {
  available: boolean;
  total: number;
  bySeverity: Record<string, number>;
  /** Counts by response phase (`reported` .. `closed`). */
  byPhase: Record<string, number>;
  /** Acknowledgements decided in the period (met or missed) and the share met on time. */
  acknowledgement: { decided: number; met: number; pct: number | null };
  /** The incidents themselves: only when the reader is CSIRT, otherwise absent. */
  items?: ReportIncidentItem[];
}

export interface ReportIncidentItem {
  id: string;
  number: string;
  severity: string;
  phase: string;
  tlp: string;
  reportedAt: string;
  /** null while the acknowledgement is still running. */
  ackMet: boolean | null;
}

export interface ReportSeriesPoint {
  /** Local start of the bucket, `YYYY-MM-DDTHH:mm`. */
  bucket: string;
  opened: number;
  resolved: number;
  responseMetPct: number | null;
  resolutionMetPct: number | null;
}

export interface ReportSeries {
  /** `hour`, `day` or `month`. */
  granularity: string;
  points: ReportSeriesPoint[];
}

export interface ReportUnitRow {
  unitId: string;
  unitName: string;
  opened: number;
  resolved: number;
  backlog: number;
  response: ReportRate;
  resolution: ReportRate;
  tier1Resolution: ReportRate;
  escalation: ReportRate;
  breaches: number;
  satisfaction: ReportSatisfaction;
}

/** `GET /reports/sla` (docs/domain.md, "Reports"). */
/** Changes of the period (SPBE change management); null for a Tier 2 team scope (changes have no team). */
export interface ReportChanges {
  /** Changes whose implementation started in the period. */
  implemented: number;
  /** Of the changes closed in the period, those whose review says successful. */
  successful: ReportRate;
  /** Of the changes implemented in the period, the emergency ones. */
  emergency: ReportRate;
}

/** Problems of the period: for a PD or team scope, those linked to its tickets. */
export interface ReportProblems {
  opened: number;
  resolved: number;
  /** Known errors still open at the end of the period (or now). */
  openKnownErrors: number;
}

export interface SlaReport {
  scope: ReportScope;
  period: ReportPeriod;
  generatedAt: string;
  summary: SlaReportSummary;
  /** Draft tickets ended as solved by a knowledge-base article (the PD scope; not per team). */
  deflections: number;
  backlogByAge: ReportBacklog;
  byPriority: ReportPriorityRow[];
  breaches: ReportBreaches;
  topCategories: ReportCategoryCount[];
  securityIncidents: ReportIncidents;
  changes: ReportChanges | null;
  problems: ReportProblems;
  series: ReportSeries;
  /** Every PD side by side (regency-wide scope only). */
  byUnit: ReportUnitRow[];
}

export interface ReportSubscriptionScope {
  unitId: string | null;
  unitName: string | null;
  teamId: string | null;
  teamName: string | null;
  regencyWide: boolean;
}

export interface ReportRecipient {
  userId: string | null;
  /** Where the mail goes (null: the user is inactive). */
  email: string | null;
  name: string | null;
}

export interface ReportSchedule {
  /** Cron pattern in the region's zone. */
  pattern: string;
  timezone: string;
  nextRunAt: string | null;
}

export interface ReportSubscription {
  id: string;
  name: string;
  scope: ReportSubscriptionScope;
  frequency: ReportFrequency;
  /** Local time HH:MM. */
  sendAt: string;
  schedule: ReportSchedule;
  recipients: ReportRecipient[];
  active: boolean;
  /** What "send now" would send, by choice: the last complete period, or the current one so far. */
  sendNowPeriods?: SendNowPeriod[];
  createdById: string;
  createdAt: string;
  updatedAt: string;
}

export const SEND_NOW_PERIODS = ['previous', 'current'] as const;
export type SendNowPeriodName = (typeof SEND_NOW_PERIODS)[number];

/** A period "send now" may send (`POST /report-subscriptions/{id}/send-now` with `{period}`). */
export interface SendNowPeriod {
  period: SendNowPeriodName;
  label: string;
  from: string;
  to: string;
}

/** Body of `POST /report-subscriptions` (and, every field optional plus `active`, of PATCH). */
export interface ReportSubscriptionInput {
  name: string;
  scope: { unitId?: string; teamId?: string; regencyWide?: boolean };
  frequency: ReportFrequency;
  sendAt: string;
  /** A user (`userId`) or any address (`email`), exactly one each. */
  recipients: ({ userId: string } | { email: string })[];
  active?: boolean;
}

export const DELIVERY_STATUSES = ['pending', 'mailed', 'failed'] as const;
export type DeliveryStatusName = (typeof DELIVERY_STATUSES)[number];
export const MAIL_STATUSES = ['held', 'queued', 'sending', 'sent', 'failed'] as const;
export type MailStatusName = (typeof MAIL_STATUSES)[number];

export interface ReportDeliveryAttempt {
  at: string;
  outcome: 'mailed' | 'error';
  /** In English, for logs and API clients; the UI words a mailed attempt from `recipients`. */
  detail: string;
  /** A mailed attempt: the addresses the report was written to (empty: no active recipient). */
  recipients?: string[];
}

export interface ReportDeliveryMail {
  recipient: string;
  status: MailStatusName;
  attempts: number;
  sentAt: string | null;
  lastError: string | null;
}

/** One delivery of a subscription's report (`GET /report-subscriptions/{id}/deliveries`). */
export interface ReportDelivery {
  id: string;
  subscriptionId: string;
  trigger: 'schedule' | 'manual';
  periodStart: string;
  /** Exclusive. */
  periodEnd: string;
  periodLabel: string;
  /** `mailed`: written to the mail outbox; each mail's SMTP status is in `mails`. */
  status: DeliveryStatusName;
  attempts: number;
  attemptLog: ReportDeliveryAttempt[];
  lastError: string | null;
  requestedById: string | null;
  createdAt: string;
  mailedAt: string | null;
  mails: ReportDeliveryMail[];
}

/** `GET/PATCH /users/me/preferences`: one switch per notification kind; `essential` are always on. */
export interface NotificationPreferences {
  locale: 'id' | 'en';
  notifications: Record<string, boolean>;
  essential: string[];
}

/** `GET /dev/mail`: the development SMTP capture (absent in production). */
export interface CapturedMailSummary {
  id: string;
  receivedAt: string;
  from: string | null;
  to: string[];
  subject: string;
}

export interface CapturedMail extends CapturedMailSummary {
  text: string;
  html: string | null;
  attachments: { fileName: string | null; contentType: string; size: number }[];
}
