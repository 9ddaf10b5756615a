import { isoFromPgText as iso } from '@desk/database';
import { queueClockOf } from './queue-clock';
import type { TicketViewRow } from './ticket.rows';

/** A `TicketViewRow` read with its timestamps as PostgreSQL's text (`preparedQuery`'s `timesAsText`). */
export type TicketTextRow = {
  [K in keyof TicketViewRow]: TicketViewRow[K] extends Date
    ? string
    : TicketViewRow[K] extends Date | null
      ? string | null
      : TicketViewRow[K];
};

/** A JSON string or null. */
const str = (value: string | null | undefined) => (value == null ? 'null' : JSON.stringify(value));
/** A JSON time (`Date#toISOString()`) or null; ISO text never needs escaping. */
const time = (value: string | null | undefined) => {
  const text = iso(value);
  return text === null ? 'null' : `"${text}"`;
};
const named = (id: string | null, name: string | null) =>
  id ? `{"id":${str(id)},"name":${str(name ?? '')}}` : 'null';

type ClockTimes = NonNullable<TicketTextRow['slaClocks']>[string];

const clockJson = (c: ClockTimes) =>
  `{"startedAt":${time(c.startedAt)},"dueAt":${time(c.dueAt)},"warnedAt":${time(c.warnedAt)},` +
  `"breachedAt":${time(c.breachedAt)},"metAt":${time(c.metAt)},"pausedAt":${time(c.pausedAt)},` +
  `"stoppedAt":${time(c.stoppedAt)}}`;

/** A clock without an SLA engine row: the ticket's own due column, met at `metAt`. */
const plainClockJson = (createdAt: string, dueAt: string | null, metAt: string | null) =>
  `{"startedAt":${time(createdAt)},"dueAt":${time(dueAt)},"warnedAt":null,"breachedAt":null,` +
  `"metAt":${time(metAt)},"pausedAt":null,"stoppedAt":null}`;

/**
 * The ticket's API view written straight as JSON text: exactly what `JSON.stringify(toTicketView(row,
 * now, agent))` prints for the same row (same keys, same order, same times; a test compares the two),
 * without turning timestamps into `Date`s and building the object first. For the hot reads (the
 * lists and one ticket), where that mapping was a large part of the api's work.
 */
export function ticketViewJson(r: TicketTextRow, now: Date, agent = false): string {
  const requester = agent
    ? `{"id":${str(r.requesterId)},"name":${str(r.requesterName)},"phone":${str(r.requesterPhone)},` +
      `"locationRoom":${str(r.requesterRoom)},"locationFloor":${str(r.requesterFloor)}}`
    : `{"id":${str(r.requesterId)},"name":${str(r.requesterName)}}`;
  const rating = r.ratingScore
    ? `{"score":${r.ratingScore},"comment":${str(r.ratingComment)},"ratedAt":${time(r.ratedAt)}}`
    : 'null';
  const clocks = r.slaClocks;
  const response = clocks?.response
    ? clockJson(clocks.response)
    : plainClockJson(r.createdAt, r.responseDueAt, r.firstResponseAt);
  const resolution = clocks?.resolution
    ? clockJson(clocks.resolution)
    : plainClockJson(r.createdAt, r.resolutionDueAt, r.resolvedAt);
  const tier2 = clocks?.tier2_response ? clockJson(clocks.tier2_response) : 'null';
  // The ticket's own due columns count only for a ticket without SLA engine clocks.
  const queueClock = queueClockOf(
    clocks
      ? {
          status: r.status,
          tier: r.tier,
          responseDueAt: null,
          resolutionDueAt: null,
          firstResponseAt: null,
          resolvedAt: null,
          clocks,
        }
      : {
          status: r.status,
          tier: r.tier,
          responseDueAt: iso(r.responseDueAt),
          resolutionDueAt: iso(r.resolutionDueAt),
          firstResponseAt: iso(r.firstResponseAt),
          resolvedAt: iso(r.resolvedAt),
          clocks: null,
        },
    now,
  );
  return (
    `{"id":${str(r.id)},"number":${str(r.number)},"kind":${str(r.kind)},"title":${str(r.title)},` +
    `"description":${str(r.description)},"category":${named(r.categoryId, r.categoryName)},` +
    `"impact":${r.impact},"urgency":${r.urgency},"priority":${str(r.priority)},"channel":${str(r.channel)},` +
    `"requester":${requester},"unit":{"id":${str(r.unitId)},"name":${str(r.unitName)}},` +
    `"deskId":${str(r.deskId)},"tier":${r.tier},"team":${named(r.teamId, r.teamName)},` +
    `"assignee":${named(r.assigneeId, r.assigneeName)},"status":${str(r.status)},` +
    `"pendingReason":${str(r.pendingReason)},"pendingUntil":${time(r.pendingUntil)},` +
    `"resolution":${str(r.resolution)},"cancelReason":${str(r.cancelReason)},` +
    `"firstResponseAt":${time(r.firstResponseAt)},"escalatedAt":${time(r.escalatedAt)},` +
    `"resolvedAt":${time(r.resolvedAt)},"autoCloseAt":${time(r.autoCloseAt)},"closedAt":${time(r.closedAt)},` +
    `"cancelledAt":${time(r.cancelledAt)},"rating":${rating},` +
    `"sla":{"response":${response},"resolution":${resolution},"tier2Response":${tier2}},` +
    `"queueClock":${JSON.stringify(queueClock)},"version":${r.version},` +
    `"createdAt":${time(r.createdAt)},"updatedAt":${time(r.updatedAt)}}`
  );
}
