import { v5 as uuidv5 } from 'uuid';
import type { IncidentDetailView } from './dto/incident.view';
import { IndicatorType, Tlp } from './incident.types';

/** Our namespace for name-based (v5) STIX ids: the same incident always gives the same ids. */
const STIX_NAMESPACE = 'c7b1b6a2-5f8e-4f7e-9d3a-2e6a1d0b9f11';

/** The TLP 2.0 marking definitions as published by OASIS (their ids and objects are fixed). */
const TLP2_EXTENSION = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';
export const TLP2_MARKING_IDS: Record<Tlp, string> = {
  [Tlp.Clear]: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  [Tlp.Green]: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  [Tlp.Amber]: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  [Tlp.AmberStrict]: 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  [Tlp.Red]: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

export function tlpMarkingDefinition(tlp: Tlp) {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP2_MARKING_IDS[tlp],
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${tlp.toUpperCase()}`,
    extensions: { [TLP2_EXTENSION]: { extension_type: 'property-extension', tlp_2_0: tlp } },
  };
}

const stixId = (type: string, name: string) => `${type}--${uuidv5(name, STIX_NAMESPACE)}`;

/** A STIX string literal: backslash and quote escaped. */
const literal = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The STIX 2.1 pattern of an indicator, e.g. `[ipv4-addr:value = '203.0.113.7']`. */
export function stixPattern(i: { type: string; value: string }): string {
  const v = literal(i.value);
  switch (i.type) {
    case IndicatorType.Ipv4:
      return `[ipv4-addr:value = ${v}]`;
    case IndicatorType.Ipv6:
      return `[ipv6-addr:value = ${v}]`;
    case IndicatorType.Domain:
      return `[domain-name:value = ${v}]`;
    case IndicatorType.Url:
      return `[url:value = ${v}]`;
    case IndicatorType.Email:
      return `[email-addr:value = ${v}]`;
    case IndicatorType.Md5:
      return `[file:hashes.MD5 = ${v}]`;
    case IndicatorType.Sha1:
      return `[file:hashes.'SHA-1' = ${v}]`;
    case IndicatorType.Sha256:
      return `[file:hashes.'SHA-256' = ${v}]`;
    default:
      throw new Error(`no STIX pattern for indicator type ${String(i.type)}`);
  }
}

/** STIX timestamps are UTC with milliseconds and a `Z`. */
const ts = (iso: string) => new Date(iso).toISOString();

/**
 * A STIX 2.1 bundle for the national CSIRT: the reporting PD as an identity, the incident, one
 * indicator per indicator with its pattern, a `related-to` relationship from each indicator to the
 * incident, and the TLP 2.0 marking definition every object carries.
 */
export function stixBundle(incident: IncidentDetailView, generatedAt: Date) {
  const marking = tlpMarkingDefinition(incident.tlp as Tlp);
  const markingRefs = [marking.id];
  const identity = {
    type: 'identity',
    spec_version: '2.1',
    id: stixId('identity', `unit:${incident.unit.id}`),
    created: ts(incident.createdAt),
    modified: ts(incident.createdAt),
    name: incident.unit.name,
    identity_class: 'organization',
    sectors: ['government-regional'],
    object_marking_refs: markingRefs,
  };
  const externalReferences: { source_name: string; external_id: string; description?: string }[] = [
    { source_name: 'spbe-desk', external_id: incident.number },
  ];
  if (incident.bssn.reference)
    externalReferences.push({
      source_name: 'BSSN',
      external_id: incident.bssn.reference,
      description: `Reported to the national CSIRT${incident.bssn.reportedAt ? ` on ${incident.bssn.reportedAt}` : ''}`,
    });
  const incidentSdo = {
    type: 'incident',
    spec_version: '2.1',
    id: stixId('incident', `incident:${incident.id}`),
    created: ts(incident.createdAt),
    modified: ts(incident.updatedAt),
    name: `${incident.number}: ${incident.title}`,
    description: incident.description,
    labels: [incident.category, `severity:${incident.severity}`, `phase:${incident.phase}`],
    created_by_ref: identity.id,
    external_references: externalReferences,
    object_marking_refs: markingRefs,
  };
  const indicators = incident.indicators.map((i) => ({
    type: 'indicator',
    spec_version: '2.1',
    id: stixId('indicator', `indicator:${incident.id}:${i.type}:${i.value}`),
    created: ts(i.createdAt),
    modified: ts(i.createdAt),
    name: `${i.type}: ${i.value}`,
    indicator_types: ['malicious-activity'],
    pattern: stixPattern(i),
    pattern_type: 'stix',
    valid_from: ts(i.createdAt),
    created_by_ref: identity.id,
    object_marking_refs: markingRefs,
  }));
  const relationships = indicators.map((ind) => ({
    type: 'relationship',
    spec_version: '2.1',
    id: stixId('relationship', `related-to:${ind.id}:${incidentSdo.id}`),
    created: ind.created,
    modified: ind.modified,
    relationship_type: 'related-to',
    source_ref: ind.id,
    target_ref: incidentSdo.id,
    created_by_ref: identity.id,
    object_marking_refs: markingRefs,
  }));
  return {
    type: 'bundle',
    id: stixId('bundle', `bundle:${incident.id}:${incident.version}:${generatedAt.toISOString()}`),
    objects: [marking, identity, incidentSdo, ...indicators, ...relationships],
  };
}
