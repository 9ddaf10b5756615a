import type {
  IncidentCategory,
  IncidentPhase,
  IncidentSeverity,
  IndicatorType,
  Tlp,
} from '../incident.types';

export interface IncidentIndicatorView {
  id: string;
  type: IndicatorType;
  value: string;
  createdAt: string;
}

export interface IncidentEvidenceView {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploader: { id: string; name: string };
  createdAt: string;
}

export interface IncidentTimelineEntry {
  id: string;
  action: string;
  note: string | null;
  data: Record<string, unknown>;
  actor: { id: string; name: string } | null;
  createdAt: string;
}

export interface IncidentView {
  id: string;
  number: string;
  title: string;
  description: string;
  category: IncidentCategory;
  severity: IncidentSeverity;
  affectedSystems: string[];
  detectedAt: string;
  dataSecured: boolean;
  containmentActions: string | null;
  phase: IncidentPhase;
  /** TLP 2.0 marking, e.g. `TLP:AMBER`, to show on every page and export. */
  tlp: Tlp;
  tlpLabel: string;
  reporter: { id: string; name: string };
  unit: { id: string; name: string };
  assignee: { id: string; name: string } | null;
  bssn: { reference: string | null; reportedAt: string | null };
  lessonsLearned: string | null;
  linkedTicket: { id: string; number: string } | null;
  ack: { dueAt: string; acknowledgedAt: string | null; breachedAt: string | null };
  closedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface IncidentDetailView extends IncidentView {
  indicators: IncidentIndicatorView[];
  evidence: IncidentEvidenceView[];
}

export interface IncidentPage {
  items: IncidentView[];
}
