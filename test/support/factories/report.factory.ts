import { DateTime } from 'luxon';
import { sqlExecute, sqlRow } from '@desk/database';
import { DataSource } from 'typeorm';

/** Local time in the test region (Asia/Makassar, WITA) as an instant. */
export const wita = (local: string) => DateTime.fromISO(local, { zone: 'Asia/Makassar' }).toJSDate();

export interface ClockSpec {
  due: string;
  met?: string;
  breached?: string;
  stopped?: string;
  /** Working seconds from start to met (what the SLA engine records when a clock is met). */
  business?: number;
}

export interface ReportTicketSpec {
  unitId: string;
  deskId: string;
  requesterId: string;
  priority: 'P1' | 'P2' | 'P3' | 'P4';
  status: string;
  created: string;
  resolved?: string;
  cancelled?: string;
  escalated?: string;
  teamId?: string;
  categoryId?: string;
  rating?: number;
  response: ClockSpec;
  resolution: ClockSpec;
}

let sequence = 0;
const IMPACT_URGENCY: Record<string, [number, number]> = { P1: [1, 1], P2: [1, 2], P3: [2, 2], P4: [3, 3] };

/**
 * Inserts a ticket and its response and resolution clocks with exact timestamps (local WITA
 * times), for report figures the test can compute by hand.
 */
export async function insertReportTicket(
  ds: DataSource,
  spec: ReportTicketSpec,
): Promise<{ id: string; number: string }> {
  const number = `TIK-2019-${String(++sequence).padStart(6, '0')}-${Math.random().toString(36).slice(2, 6)}`;
  const t = (local?: string) => (local ? wita(local) : null);
  const [impact, urgency] = IMPACT_URGENCY[spec.priority];
  const inserted = await sqlRow<{ id: string }>(
    ds,
    `INSERT INTO ticket (number, kind, title, description, category_id, impact, urgency, priority, requester_id,
                         created_by_id, unit_id, desk_id, tier, team_id, status, first_response_at, escalated_at,
                         resolved_at, cancelled_at, response_due_at, resolution_due_at, rating_score, created_at, updated_at)
     VALUES ($1, 'incident', $2, 'Dibuat oleh tes laporan.', $3, $4, $5, $6, $7, $7, $8, $9, $10, $11, $12, $13, $14,
             $15, $16, $17, $18, $19, $20, $20)
     RETURNING id`,
    [
      number,
      `Tiket laporan ${number}`,
      spec.categoryId ?? null,
      impact,
      urgency,
      spec.priority,
      spec.requesterId,
      spec.unitId,
      spec.deskId,
      spec.escalated ? 2 : 1,
      spec.teamId ?? null,
      spec.status,
      t(spec.response.met),
      t(spec.escalated),
      t(spec.resolved),
      t(spec.cancelled),
      t(spec.response.due),
      t(spec.resolution.due),
      spec.rating ?? null,
      t(spec.created),
    ],
  );
  if (!inserted) throw new Error('ticket insert returned no row');
  const id = inserted.id;
  for (const [clock, c] of [
    ['response', spec.response],
    ['resolution', spec.resolution],
  ] as const) {
    const start = wita(spec.created);
    const due = wita(c.due);
    await sqlExecute(
      ds,
      `INSERT INTO ticket_sla_clock (ticket_id, clock, calendar, target_seconds, started_at, due_at, warn_at,
                                     breached_at, met_at, stopped_at, business_seconds, revision)
       VALUES ($1, $2, 'business', $3, $4, $5, $5, $6, $7, $8, $9, 1)`,
      [
        id,
        clock,
        Math.max(1, Math.round((due.getTime() - start.getTime()) / 1000)),
        start,
        due,
        t(c.breached),
        t(c.met),
        t(c.stopped),
        c.business ?? null,
      ],
    );
  }
  return { id, number };
}
