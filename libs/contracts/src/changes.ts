/**
 * Shapes of change and problem management (`/changes`, `/problems`). The server's views implement
 * them; the web app reads them.
 */
import type { Named } from './index';

export const CHANGE_TYPES = ['standard', 'normal', 'emergency'] as const;
export type ChangeTypeName = (typeof CHANGE_TYPES)[number];

export const CHANGE_RISKS = ['low', 'medium', 'high'] as const;
export type ChangeRiskName = (typeof CHANGE_RISKS)[number];

/** The phases in order, then the two ends outside the order. */
export const CHANGE_PHASES = [
  'planning',
  'analysis',
  'approval',
  'development',
  'implementation',
  'monitoring',
  'evaluation',
  'closed',
  'rejected',
  'cancelled',
] as const;
export type ChangePhaseName = (typeof CHANGE_PHASES)[number];

export const APPROVAL_STATUSES = ['none', 'pending', 'approved', 'rejected', 'not_required'] as const;
export type ApprovalStatusName = (typeof APPROVAL_STATUSES)[number];

export interface ChangeReviewBody {
  successful: boolean;
  incidentsCaused: number;
  lessons: string;
}

export interface LinkedTicket {
  id: string;
  number: string;
  title: string;
  status: string;
  unit: Named;
}

/** A linked security incident: only ever listed to a caller who may see the incident itself. */
export interface LinkedIncident {
  id: string;
  number: string;
  title: string;
  phase: string;
}

/** The KB article a known error published its workaround in. */
export interface LinkedArticle {
  id: string;
  title: string;
  status: string;
}

export interface LinkedProblem {
  id: string;
  number: string;
  title: string;
  status: string;
}

export interface Change {
  id: string;
  number: string;
  title: string;
  description: string;
  type: ChangeTypeName;
  owningUnit: Named & { kind: 'pd' | 'dinas' };
  requester: Named;
  createdBy: Named;
  templateId: string | null;
  systems: string[];
  affectedUnits: Named[];
  risk: ChangeRiskName;
  impactAssessment: string;
  implementationPlan: string;
  rollbackPlan: string;
  plannedStart: string;
  plannedEnd: string;
  phase: ChangePhaseName;
  approvalStatus: ApprovalStatusName;
  approvalRequestedAt: string | null;
  decidedBy: Named | null;
  decisionReason: string | null;
  decidedAt: string | null;
  review: ChangeReviewBody | null;
  implementedAt: string | null;
  closedAt: string | null;
  tickets: LinkedTicket[];
  problems: LinkedProblem[];
  /** The linked incidents the caller may see (nothing, not even a count, of the others). */
  incidents: LinkedIncident[];
  /** The phases the caller may move the change to now (approval decisions for supervisors only). */
  nextPhases: ChangePhaseName[];
  /** Whether the caller may record an approval decision now. */
  canDecide: boolean;
  /** Whether the caller may edit the change now (an approved one then goes back for approval). */
  canEdit: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ChangeSummary {
  id: string;
  number: string;
  title: string;
  type: ChangeTypeName;
  risk: ChangeRiskName;
  phase: ChangePhaseName;
  approvalStatus: ApprovalStatusName;
  owningUnit: Named;
  systems: string[];
  plannedStart: string;
  plannedEnd: string;
  createdAt: string;
}

export interface ChangeTimelineItem {
  id: string;
  type: string;
  fromPhase: string | null;
  toPhase: string | null;
  note: string | null;
  data: Record<string, unknown>;
  actor: Named | null;
  createdAt: string;
}

export interface CalendarConflict {
  id: string;
  number: string;
  title: string;
  systems: string[];
  plannedStart: string;
  plannedEnd: string;
}

export interface ChangeCalendarItem {
  id: string;
  number: string;
  title: string;
  type: ChangeTypeName;
  phase: ChangePhaseName;
  approvalStatus: ApprovalStatusName;
  plannedStart: string;
  plannedEnd: string;
  systems: string[];
  conflicts: CalendarConflict[];
}

export const PROBLEM_STATUSES = ['open', 'investigating', 'known_error', 'resolved', 'closed'] as const;
export type ProblemStatusName = (typeof PROBLEM_STATUSES)[number];

export interface ProblemRecord {
  id: string;
  number: string;
  title: string;
  description: string;
  status: ProblemStatusName;
  rootCause: string | null;
  workaround: string | null;
  permanentFix: string | null;
  createdBy: Named;
  knownErrorAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  /** The linked tickets the caller may see. */
  tickets: LinkedTicket[];
  /** All linked tickets, including those the caller may not see. */
  ticketCount: number;
  /** The linked incidents the caller may see (nothing, not even a count, of the others). */
  incidents: LinkedIncident[];
  /** The KB article publishing the workaround, once one was written. */
  kbArticle: LinkedArticle | null;
  /** Whether the caller may edit it and move its status (Tier 2, supervisors). */
  canWork: boolean;
  nextStatuses: ProblemStatusName[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ProblemSummary {
  id: string;
  number: string;
  title: string;
  status: ProblemStatusName;
  ticketCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface ProblemTimelineItem {
  id: string;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  data: Record<string, unknown>;
  actor: Named | null;
  createdAt: string;
}
