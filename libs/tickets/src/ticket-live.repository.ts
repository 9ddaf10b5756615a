import { preparedQuery } from '@desk/database';
import type { TicketLiveRow, TicketVisibilitySnapshot } from '@desk/queue';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QueueClockInput } from './queue-clock';

/** What a live ticket row needs: who may see the ticket, and the facts of its queue clock. */
export type CurrentTicketRow = QueueClockInput &
  Omit<TicketVisibilitySnapshot, 'teamId'> & {
    teamId: string | null;
    status: TicketLiveRow['status'];
    priority: TicketLiveRow['priority'];
    version: number | string;
    assigneeId: string | null;
    assigneeName: string;
  };

const CURRENT = `SELECT t.id, t.unit_id AS "unitId", t.team_id AS "teamId", t.requester_id AS "requesterId",
         t.escalated_at IS NOT NULL AS escalated, t.status, t.tier, t.priority, t.version,
         t.assignee_id AS "assigneeId", a.name AS "assigneeName",
         t.response_due_at AS "responseDueAt", t.resolution_due_at AS "resolutionDueAt",
         t.first_response_at AS "firstResponseAt", t.resolved_at AS "resolvedAt",
         (SELECT jsonb_object_agg(k.clock, jsonb_build_object('dueAt', k.due_at,
                 'breachedAt', k.breached_at, 'metAt', k.met_at, 'pausedAt', k.paused_at,
                 'stoppedAt', k.stopped_at))
            FROM ticket_sla_clock k WHERE k.ticket_id = t.id) AS clocks
    FROM ticket t LEFT JOIN app_user a ON a.id = t.assignee_id`;

/** The ticket as the live queues show it, read by the worker for every relayed ticket event. */
@Injectable()
export class TicketLiveRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The ticket's visibility, status, assignee and clocks now, or null when it is gone. */
  async current(ticketId: string): Promise<CurrentTicketRow | null> {
    // Prepared: runs once per ticket event, and planning it cost more than running it.
    const [row] = await preparedQuery<CurrentTicketRow>(this.dataSource, `${CURRENT} WHERE t.id = $1`, [
      ticketId,
    ]);
    return row ?? null;
  }

  /** `current` of several tickets in one read (the events of one relay batch); a gone one is null. */
  async currentOf(ticketIds: string[]): Promise<(CurrentTicketRow | null)[]> {
    const rows = await preparedQuery<CurrentTicketRow & { id: string }>(
      this.dataSource,
      `${CURRENT} WHERE t.id = ANY($1::uuid[])`,
      [ticketIds],
    );
    const byId = new Map(rows.map(({ id, ...row }) => [id, row]));
    return ticketIds.map((id) => byId.get(id) ?? null);
  }
}
