/** Stored values: renaming one strands rows already saved (and breaks CHECK constraints). */
export enum IncidentCategory {
  Malware = 'malware',
  Phishing = 'phishing',
  Defacement = 'defacement',
  DataLeak = 'data_leak',
  Ddos = 'ddos',
  UnauthorizedAccess = 'unauthorized_access',
  AccountCompromise = 'account_compromise',
  Other = 'other',
}

export enum IncidentSeverity {
  Low = 'low',
  Medium = 'medium',
  High = 'high',
  Critical = 'critical',
}

/** NIST SP 800-61 response phases, in order. */
export enum IncidentPhase {
  Reported = 'reported',
  Triage = 'triage',
  Containment = 'containment',
  Eradication = 'eradication',
  Recovery = 'recovery',
  Closed = 'closed',
}

export const PHASE_ORDER: IncidentPhase[] = [
  IncidentPhase.Reported,
  IncidentPhase.Triage,
  IncidentPhase.Containment,
  IncidentPhase.Eradication,
  IncidentPhase.Recovery,
  IncidentPhase.Closed,
];

/** The phase that may follow `phase`, or null after closing. */
export function nextPhase(phase: IncidentPhase): IncidentPhase | null {
  const i = PHASE_ORDER.indexOf(phase);
  return i >= 0 && i < PHASE_ORDER.length - 1 ? PHASE_ORDER[i + 1] : null;
}

/** Traffic Light Protocol 2.0 markings. */
export enum Tlp {
  Clear = 'clear',
  Green = 'green',
  Amber = 'amber',
  AmberStrict = 'amber+strict',
  Red = 'red',
}

export const tlpLabel = (tlp: string) => `TLP:${tlp.toUpperCase()}`;

export enum IndicatorType {
  Ipv4 = 'ipv4',
  Ipv6 = 'ipv6',
  Domain = 'domain',
  Url = 'url',
  Email = 'email',
  Md5 = 'md5',
  Sha1 = 'sha1',
  Sha256 = 'sha256',
}

/** Acknowledgement targets by severity; `low` is one working day of the business calendar. */
export const ACK_TARGET_MINUTES: Record<IncidentSeverity, number | 'one-business-day'> = {
  [IncidentSeverity.Critical]: 15,
  [IncidentSeverity.High]: 60,
  [IncidentSeverity.Medium]: 240,
  [IncidentSeverity.Low]: 'one-business-day',
};

/** Outbox event types of this lib (their consumers: notifications, SLA timers, the live stream). */
export const IncidentEvents = {
  Reported: 'incident.reported',
  PhaseChanged: 'incident.phase_changed',
  AckBreached: 'incident.ack_breached',
  SeverityChanged: 'incident.severity_changed',
  /** Any other change (assignment, note, indicator, evidence, TLP, BSSN): for the live workspace. */
  Updated: 'incident.updated',
} as const;

/** `high` and `critical` also concern the reporting PD's head. */
export const HEAD_SEVERITIES: readonly IncidentSeverity[] = [
  IncidentSeverity.High,
  IncidentSeverity.Critical,
];
