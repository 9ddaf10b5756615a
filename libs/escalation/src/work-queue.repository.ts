import { sqlRow, sqlRows } from '@desk/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface QueueCountsRow {
  new: number;
  open: number;
  dueSoon: number;
  breached: number;
  unassigned: number;
}

export type TeamQueueRow = QueueCountsRow & { id: string; code: string; name: string; security: boolean };
export type DeskQueueRow = QueueCountsRow & { id: string; name: string; unitId: string; unitName: string };

// Literal statuses and tiers (not parameters) so the planner proves the partial index predicates of
// ticket_team_open_idx / ticket_desk_open_idx and answers from the index.
const OPEN = `('new', 'assigned', 'in_progress', 'pending')`;

/** Counts over the open tickets of a queue; `$1` is now, `$2` the due-soon horizon. */
const COUNTS = `
  count(*) FILTER (WHERE t.status = 'new')::int AS "new",
  count(*)::int AS "open",
  count(*) FILTER (WHERE t.queue_due_at >= $1 AND t.queue_due_at < $2)::int AS "dueSoon",
  count(*) FILTER (WHERE t.queue_due_at < $1)::int AS "breached",
  count(*) FILTER (WHERE t.assignee_id IS NULL AND t.status <> 'pending')::int AS "unassigned"`;

/** The work queues (Tier 2 teams, Tier 1 desks) and their counts, computed in SQL. */
@Injectable()
export class WorkQueueRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Teams with counts; `teamIds` null means every team. */
  teams(teamIds: string[] | null, now: Date, soon: Date): Promise<TeamQueueRow[]> {
    const params: unknown[] = [now, soon];
    const where = teamIds ? `WHERE tm.id = ANY($${params.push(teamIds)})` : '';
    return sqlRows<TeamQueueRow>(
      this.dataSource,
      `SELECT tm.id, tm.code, tm.name, tm.security, c.*
         FROM team tm
         CROSS JOIN LATERAL (
           SELECT ${COUNTS} FROM ticket t WHERE t.team_id = tm.id AND t.tier = 2 AND t.status IN ${OPEN}
         ) c
        ${where}
        ORDER BY tm.name, tm.id`,
      params,
    );
  }

  /** Tier 1 desks of PDs with counts; `unitIds` null means every PD. */
  desks(unitIds: string[] | null, now: Date, soon: Date): Promise<DeskQueueRow[]> {
    const params: unknown[] = [now, soon];
    const where = unitIds ? `WHERE d.unit_id = ANY($${params.push(unitIds)})` : '';
    return sqlRows<DeskQueueRow>(
      this.dataSource,
      `SELECT d.id, d.name, d.unit_id AS "unitId", u.name AS "unitName", c.*
         FROM desk d
         JOIN unit u ON u.id = d.unit_id
         CROSS JOIN LATERAL (
           SELECT ${COUNTS} FROM ticket t WHERE t.desk_id = d.id AND t.tier = 1 AND t.status IN ${OPEN}
         ) c
        ${where}
        ORDER BY u.name, d.id`,
      params,
    );
  }

  async deskOfUnit(unitId: string): Promise<string | null> {
    const row = await sqlRow<{ id: string }>(this.dataSource, `SELECT id FROM desk WHERE unit_id = $1`, [
      unitId,
    ]);
    return row?.id ?? null;
  }
}
