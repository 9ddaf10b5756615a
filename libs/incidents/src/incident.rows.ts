import type { StoredUpload } from '@desk/tickets';
import type { SecurityIncident } from './entities/security-incident.entity';
import type { IncidentPhase, IncidentSeverity, IndicatorType } from './incident.types';

/** The incident row as the service works with it. */
export interface IncidentRow {
  id: string;
  number: string;
  reporterId: string;
  reporterName: string;
  unitId: string;
  unitName: string;
  title: string;
  description: string;
  category: string;
  severity: IncidentSeverity;
  affectedSystems: string[];
  detectedAt: Date;
  dataSecured: boolean;
  containmentActions: string | null;
  phase: IncidentPhase;
  assigneeId: string | null;
  assigneeName: string | null;
  tlp: string;
  bssnReference: string | null;
  bssnReportedAt: Date | null;
  lessonsLearned: string | null;
  linkedTicketId: string | null;
  linkedTicketNumber: string | null;
  ackDueAt: Date;
  acknowledgedAt: Date | null;
  ackBreachedAt: Date | null;
  ackRevision: number;
  closedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewIncident {
  reporterId: string;
  unitId: string;
  title: string;
  description: string;
  category: string;
  severity: string;
  affectedSystems: string[];
  detectedAt: Date;
  dataSecured: boolean;
  containmentActions: string | null;
  linkedTicketId: string | null;
  ackDueAt: Date;
  number: string;
  now: Date;
}

/** An acknowledgement clock still running: what a timer job needs. */
export interface AckTimerRow {
  id: string;
  ackDueAt: Date;
  ackRevision: number;
}

/** The columns a change of an incident may write; the version and `updatedAt` move with every write. */
export type IncidentPatch = Partial<
  Pick<
    SecurityIncident,
    | 'phase'
    | 'severity'
    | 'ackDueAt'
    | 'ackRevision'
    | 'assigneeId'
    | 'tlp'
    | 'bssnReference'
    | 'bssnReportedAt'
    | 'lessonsLearned'
    | 'acknowledgedAt'
    | 'closedAt'
  >
>;

/** An indicator of compromise as the incident lists it. */
export interface IndicatorRow {
  id: string;
  type: IndicatorType;
  value: string;
  createdAt: Date;
}

/** An evidence file's row (the stored upload), with its uploader's name. */
export interface EvidenceRow extends StoredUpload {
  createdAt: Date;
  uploaderId: string;
  uploaderName: string;
}

/** A timeline line with its actor's name. */
export interface IncidentEventRow {
  id: string;
  action: string;
  note: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
  actorId: string | null;
  actorName: string | null;
}

/** What an acknowledgement breach mail needs of the incident. */
export interface AckBreachRow {
  number: string;
  severity: string;
  tlp: string;
  ackDueAt: Date;
  unitId: string;
}
