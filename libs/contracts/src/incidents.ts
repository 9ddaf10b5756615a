/** Security incident API types, shared by the api and the web. */
export const INCIDENT_CATEGORIES = [
  'malware',
  'phishing',
  'defacement',
  'data_leak',
  'ddos',
  'unauthorized_access',
  'account_compromise',
  'other',
] as const;
export type IncidentCategoryName = (typeof INCIDENT_CATEGORIES)[number];

export const INCIDENT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type IncidentSeverityName = (typeof INCIDENT_SEVERITIES)[number];

export const INCIDENT_PHASES = [
  'reported',
  'triage',
  'containment',
  'eradication',
  'recovery',
  'closed',
] as const;
export type IncidentPhaseName = (typeof INCIDENT_PHASES)[number];

export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type TlpName = (typeof TLP_LEVELS)[number];

export const INDICATOR_TYPES = ['ipv4', 'ipv6', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256'] as const;
export type IndicatorTypeName = (typeof INDICATOR_TYPES)[number];

export interface IncidentIndicatorView {
  id: string;
  type: IndicatorTypeName;
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
  category: IncidentCategoryName;
  severity: IncidentSeverityName;
  affectedSystems: string[];
  detectedAt: string;
  dataSecured: boolean;
  containmentActions: string | null;
  phase: IncidentPhaseName;
  /** TLP 2.0 marking, shown on every page and export. */
  tlp: TlpName;
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

/** Ticket categories whose codes mean "information security": the ticket form offers an incident report. */
export const SECURITY_CATEGORY_PATTERN = /keamanan|security|siber|cyber|csirt|insiden/i;

/** `POST /tickets/{id}/convert-to-incident`: the new incident and the ticket it came from. */
export interface IncidentConversion {
  incident: { id: string; number: string };
  ticket: { id: string; number: string };
}
