import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface RoutedEscalation {
  id: string;
  ticketId: string;
  teamId: string;
  automatic: boolean;
  reason: string;
  returnedAt: Date | null;
  number: string;
  unitId: string;
  priority: string;
  memberIds: string[];
}

@Injectable()
export class EscalationRoutingRepository {
  /**
   * Stamps `routed_at` once: the conditional update is the exactly-once guard (a redelivered job
   * finds it set and returns null). Returns what the notification needs, team members included.
   */
  async markRouted(em: EntityManager, escalationId: string, at: Date): Promise<RoutedEscalation | null> {
    const [row] = await em.query(
      `WITH routed AS (
         UPDATE ticket_escalation SET routed_at = $2 WHERE id = $1 AND routed_at IS NULL
         RETURNING id, ticket_id, team_id, automatic, reason, returned_at
       )
       SELECT r.id, r.ticket_id AS "ticketId", r.team_id AS "teamId", r.automatic, r.reason,
              r.returned_at AS "returnedAt", t.number, t.unit_id AS "unitId", t.priority,
              coalesce((SELECT array_agg(tm.user_id ORDER BY tm.user_id)
                          FROM team_member tm JOIN app_user u ON u.id = tm.user_id
                         WHERE tm.team_id = r.team_id AND u.active), '{}') AS "memberIds"
         FROM routed r JOIN ticket t ON t.id = r.ticket_id`,
      [escalationId, at],
    );
    return row ?? null;
  }
}
