import { queueClockOf } from './queue-clock';

/**
 * The hot reads (the ticket lists and one ticket) have PostgreSQL write each ticket's API view as
 * JSON text, so the api neither turns 45 columns into `Date`s and strings nor stringifies the view
 * again. The text is exactly what `JSON.stringify(toTicketView(row))` prints: the same keys in the
 * same order, no whitespace (`row_to_json` of a sub-select; `json_build_object` would add spaces),
 * times as `Date#toISOString()` prints them (UTC, milliseconds truncated). Only the queue clock,
 * which depends on the time of the answer, is computed here, by the same `queueClockOf` as before.
 */

/** A timestamptz as `Date#toISOString()` prints it; NULL stays NULL. */
export const isoSql = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A JSON object text of the given `expression AS "key"` pairs, keys in this order, no whitespace. */
const object = (fields: [key: string, expression: string][]) =>
  `(SELECT row_to_json(o) FROM (SELECT ${fields.map(([k, e]) => `${e} AS "${k}"`).join(', ')}) o)`;

const named = (id: string, name: string) =>
  `CASE WHEN ${id} IS NOT NULL THEN ${object([
    ['id', id],
    ['name', `coalesce(${name}, '')`],
  ])} END`;

const CLOCK_FIELDS = [
  ['startedAt', 'started_at'],
  ['dueAt', 'due_at'],
  ['warnedAt', 'warned_at'],
  ['breachedAt', 'breached_at'],
  ['metAt', 'met_at'],
  ['pausedAt', 'paused_at'],
  ['stoppedAt', 'stopped_at'],
] as const;

/** A clock without an SLA engine row: the ticket's own due column, met by `metAt`. */
const plainClock = (dueAt: string, metAt: string) =>
  object([
    ['startedAt', isoSql('t.created_at')],
    ['dueAt', isoSql(dueAt)],
    ['warnedAt', 'NULL::text'],
    ['breachedAt', 'NULL::text'],
    ['metAt', isoSql(metAt)],
    ['pausedAt', 'NULL::text'],
    ['stoppedAt', 'NULL::text'],
  ]);

/**
 * The SLA engine's clocks of `t`, one JSON text per clock name (NULL when the ticket has no such
 * clock): one read of the clock table's primary key per ticket.
 */
export const SLA_CLOCK_JOIN = `
  LEFT JOIN LATERAL (
    SELECT min(x.j) FILTER (WHERE x.clock = 'response') AS response,
           min(x.j) FILTER (WHERE x.clock = 'resolution') AS resolution,
           min(x.j) FILTER (WHERE x.clock = 'tier2_response') AS tier2
      FROM (SELECT k.clock, ${object(CLOCK_FIELDS.map(([key, col]) => [key, isoSql(`k.${col}`)]))}::text AS j
              FROM ticket_sla_clock k WHERE k.ticket_id = t.id) x
  ) sc ON true`;

/**
 * The columns of a hot read (with `VIEW_JOINS` and `SLA_CLOCK_JOIN`): `view`, the ticket's API view
 * up to and including `sla`; what the queue clock is computed from; the view's last fields; the
 * cursor keys. Where to reach the requester goes to agents only.
 */
export function ticketJsonColumns(agent: boolean): string {
  const requester: [string, string][] = [
    ['id', 't.requester_id'],
    ['name', 'r.name'],
  ];
  if (agent)
    requester.push(
      ['phone', 'r.phone'],
      ['locationRoom', 'r.location_room'],
      ['locationFloor', 'r.location_floor'],
    );
  const view = object([
    ['id', 't.id'],
    ['number', 't.number'],
    ['kind', 't.kind'],
    ['title', 't.title'],
    ['description', 't.description'],
    ['category', named('t.category_id', 'c.name')],
    ['impact', 't.impact'],
    ['urgency', 't.urgency'],
    ['priority', 't.priority'],
    ['channel', 't.channel'],
    ['requester', object(requester)],
    [
      'unit',
      object([
        ['id', 't.unit_id'],
        ['name', 'u.name'],
      ]),
    ],
    ['deskId', 't.desk_id'],
    ['tier', 't.tier'],
    ['team', named('t.team_id', 'tm.name')],
    ['assignee', named('t.assignee_id', 'a.name')],
    ['status', 't.status'],
    ['pendingReason', 't.pending_reason'],
    ['pendingUntil', isoSql('t.pending_until')],
    ['resolution', 't.resolution'],
    ['cancelReason', 't.cancel_reason'],
    ['firstResponseAt', isoSql('t.first_response_at')],
    ['escalatedAt', isoSql('t.escalated_at')],
    ['resolvedAt', isoSql('t.resolved_at')],
    ['autoCloseAt', isoSql('t.auto_close_at')],
    ['closedAt', isoSql('t.closed_at')],
    ['cancelledAt', isoSql('t.cancelled_at')],
    [
      'rating',
      `CASE WHEN t.rating_score IS NOT NULL AND t.rating_score <> 0 THEN ${object([
        ['score', 't.rating_score'],
        ['comment', 't.rating_comment'],
        ['ratedAt', isoSql('t.rated_at')],
      ])} END`,
    ],
    [
      'sla',
      object([
        [
          'response',
          `coalesce(sc.response, ${plainClock('t.response_due_at', 't.first_response_at')}::text)::json`,
        ],
        [
          'resolution',
          `coalesce(sc.resolution, ${plainClock('t.resolution_due_at', 't.resolved_at')}::text)::json`,
        ],
        ['tier2Response', 'sc.tier2::json'],
      ]),
    ],
  ]);
  return `${view}::text AS "view", t.status, t.tier,
    ${isoSql('t.response_due_at')} AS "responseDueAt", ${isoSql('t.resolution_due_at')} AS "resolutionDueAt",
    ${isoSql('t.first_response_at')} AS "firstResponseAt", ${isoSql('t.resolved_at')} AS "resolvedAt",
    sc.response AS "clockResponse", sc.resolution AS "clockResolution", sc.tier2 AS "clockTier2",
    t.version, ${isoSql('t.created_at')} AS "createdAt", ${isoSql('t.updated_at')} AS "updatedAt",
    t.id, t.queue_due_at::text AS "dueKey", t.created_at::text AS "createdKey"`;
}

/** A row of `ticketJsonColumns`. */
export interface TicketJsonRow {
  view: string;
  status: string;
  tier: number;
  responseDueAt: string | null;
  resolutionDueAt: string | null;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  clockResponse: string | null;
  clockResolution: string | null;
  clockTier2: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  id: string;
  dueKey: string;
  createdKey: string;
}

/** The ticket's API view as JSON text: PostgreSQL's part, then the queue clock at `now` and the last fields. */
export function ticketJson(row: TicketJsonRow, now: Date): string {
  const clocks =
    row.clockResponse || row.clockResolution || row.clockTier2
      ? {
          ...(row.clockResponse && { response: JSON.parse(row.clockResponse) }),
          ...(row.clockResolution && { resolution: JSON.parse(row.clockResolution) }),
          ...(row.clockTier2 && { tier2_response: JSON.parse(row.clockTier2) }),
        }
      : null;
  const queueClock = queueClockOf({ ...row, clocks }, now);
  return (
    `${row.view.slice(0, -1)},"queueClock":${JSON.stringify(queueClock)},"version":${row.version},` +
    `"createdAt":"${row.createdAt}","updatedAt":"${row.updatedAt}"}`
  );
}
