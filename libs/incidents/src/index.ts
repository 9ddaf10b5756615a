/**
 * Security incidents: confidential reports (reporter, CSIRT, supervisors), the NIST response phases,
 * indicators, evidence, TLP, the acknowledgement clock on the SLA timers, ticket conversion and the
 * evidence pack (ZIP with a STIX 2.1 bundle) for the national CSIRT.
 */
export * from './dto';
export * from './entities';
export * from './evidence-pack.service';
export * from './incident-ack-timer.service';
export * from './incident-kb-draft.service';
export * from './incident-scope';
export * from './incident.repository';
export * from './incident.rows';
export * from './incident-view';
export * from './incident.service';
export * from './incident.types';
export * from './incidents.errors';
export * from './incidents.module';
export * from './indicator.validation';
export * from './stix-bundle';
