import { hasRole, Role, Actor } from '@desk/org-auth';
import { IncidentIndicatorView, IncidentView } from './dto/incident.view';
import { IncidentRow } from './incident.rows';
import { tlpLabel } from './incident.types';

/** An instant as ISO text, or null. */
export const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** CSIRT users and supervisors read every incident, and so may watch the live incident stream. */
export function canWatchAllIncidents(actor: Actor): boolean {
  return hasRole(actor, Role.Csirt, Role.Supervisor);
}

export function indicatorView(i: {
  id: string;
  type: string;
  value: string;
  createdAt: Date;
}): IncidentIndicatorView {
  return {
    id: i.id,
    type: i.type as IncidentIndicatorView['type'],
    value: i.value,
    createdAt: iso(i.createdAt)!,
  };
}

export function toView(r: IncidentRow): IncidentView {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    description: r.description,
    category: r.category as IncidentView['category'],
    severity: r.severity,
    affectedSystems: r.affectedSystems ?? [],
    detectedAt: iso(r.detectedAt)!,
    dataSecured: r.dataSecured,
    containmentActions: r.containmentActions,
    phase: r.phase,
    tlp: r.tlp as IncidentView['tlp'],
    tlpLabel: tlpLabel(r.tlp),
    reporter: { id: r.reporterId, name: r.reporterName },
    unit: { id: r.unitId, name: r.unitName },
    assignee: r.assigneeId ? { id: r.assigneeId, name: r.assigneeName ?? '' } : null,
    bssn: { reference: r.bssnReference, reportedAt: iso(r.bssnReportedAt) },
    lessonsLearned: r.lessonsLearned,
    linkedTicket: r.linkedTicketId ? { id: r.linkedTicketId, number: r.linkedTicketNumber ?? '' } : null,
    ack: { dueAt: iso(r.ackDueAt)!, acknowledgedAt: iso(r.acknowledgedAt), breachedAt: iso(r.ackBreachedAt) },
    closedAt: iso(r.closedAt),
    version: r.version,
    createdAt: iso(r.createdAt)!,
    updatedAt: iso(r.updatedAt)!,
  };
}
