import { queueClockOf } from './queue-clock';
import type { TicketViewRow } from './ticket.rows';
import { SlaClockView, TicketView } from './ticket.view';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/**
 * A ticket row as the API returns it. Where to reach the requester goes to agents only; the SLA clocks
 * are those the SLA engine keeps.
 */
export function toTicketView(r: TicketViewRow, now: Date, agent = false): TicketView {
  const named = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);
  return {
    id: r.id,
    number: r.number,
    kind: r.kind,
    title: r.title,
    description: r.description,
    category: named(r.categoryId, r.categoryName),
    impact: r.impact,
    urgency: r.urgency,
    priority: r.priority,
    channel: r.channel,
    // Where to reach the requester: for agents only, never for other requesters.
    requester: agent
      ? {
          id: r.requesterId,
          name: r.requesterName,
          phone: r.requesterPhone,
          locationRoom: r.requesterRoom,
          locationFloor: r.requesterFloor,
        }
      : { id: r.requesterId, name: r.requesterName },
    unit: { id: r.unitId, name: r.unitName },
    deskId: r.deskId,
    tier: r.tier,
    team: named(r.teamId, r.teamName),
    assignee: named(r.assigneeId, r.assigneeName),
    status: r.status,
    pendingReason: r.pendingReason,
    pendingUntil: iso(r.pendingUntil),
    resolution: r.resolution,
    cancelReason: r.cancelReason,
    firstResponseAt: iso(r.firstResponseAt),
    escalatedAt: iso(r.escalatedAt),
    resolvedAt: iso(r.resolvedAt),
    autoCloseAt: iso(r.autoCloseAt),
    closedAt: iso(r.closedAt),
    cancelledAt: iso(r.cancelledAt),
    rating: r.ratingScore
      ? { score: r.ratingScore, comment: r.ratingComment, ratedAt: iso(r.ratedAt)! }
      : null,
    sla: slaView(r),
    queueClock: queueClockOf({ ...r, clocks: r.slaClocks }, now),
    version: r.version,
    createdAt: iso(r.createdAt)!,
    updatedAt: iso(r.updatedAt)!,
  };
}

/** The ticket's SLA clocks as kept by the SLA engine; the ticket's own due columns when it has none. */
function slaView(r: TicketViewRow): TicketView['sla'] {
  const clock = (name: string, fallback: SlaClockView | null): SlaClockView | null => {
    const c = r.slaClocks?.[name];
    if (!c) return fallback;
    return {
      startedAt: iso(c.startedAt),
      dueAt: iso(c.dueAt),
      warnedAt: iso(c.warnedAt),
      breachedAt: iso(c.breachedAt),
      metAt: iso(c.metAt),
      pausedAt: iso(c.pausedAt),
      stoppedAt: iso(c.stoppedAt),
    };
  };
  const plain = (dueAt: Date | null, metAt: Date | null): SlaClockView => ({
    startedAt: iso(r.createdAt),
    dueAt: iso(dueAt),
    warnedAt: null,
    breachedAt: null,
    metAt: iso(metAt),
    pausedAt: null,
    stoppedAt: null,
  });
  return {
    response: clock('response', plain(r.responseDueAt, r.firstResponseAt))!,
    resolution: clock('resolution', plain(r.resolutionDueAt, r.resolvedAt))!,
    tier2Response: clock('tier2_response', null),
  };
}
