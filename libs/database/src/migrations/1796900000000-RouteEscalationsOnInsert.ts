import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Escalations are routed in their own transaction now (`routed_at` is written with the row), and the
 * `escalation-route` job that used to stamp it later is gone. Escalations still waiting for that job
 * at the upgrade are routed here: those whose `ticket.escalated` event was already relayed (so the
 * team's mail waited on the job) get the `escalation.routed` event the job would have written, which
 * the notifications still announce; the others are announced from their `ticket.escalated` event.
 */
export class RouteEscalationsOnInsert1796900000000 implements MigrationInterface {
  name = 'RouteEscalationsOnInsert1796900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO outbox_event (type, aggregate_type, aggregate_id, payload)
       SELECT 'escalation.routed', 'ticket', e.ticket_id,
              jsonb_build_object('escalationId', e.id, 'teamId', e.team_id, 'automatic', e.automatic,
                                 'reason', e.reason)
         FROM ticket_escalation e
        WHERE e.routed_at IS NULL AND e.returned_at IS NULL
          AND EXISTS (SELECT 1 FROM outbox_event o
                       WHERE o.type = 'ticket.escalated' AND o.aggregate_id = e.ticket_id
                         AND o.payload->>'escalationId' = e.id::text AND o.published_at IS NOT NULL)`,
    );
    await queryRunner.query(`UPDATE ticket_escalation SET routed_at = escalated_at WHERE routed_at IS NULL`);
  }

  public async down(): Promise<void> {
    // Nothing to undo: a routed escalation stays routed.
  }
}
