import { MigrationInterface, QueryRunner } from 'typeorm';

const OPEN = `('new', 'assigned', 'in_progress', 'pending')`;

/**
 * Escalation records (Tier 1 desk -> Tier 2 team and back), and the indexes behind the work queues:
 * `GET /queues` counts and `POST /queues/{teamId}/next` read only the open tickets of one desk or one
 * team, in due order, from these partial indexes (the INCLUDE columns answer the counts from the
 * index alone).
 */
export class AddTicketEscalation1795400000000 implements MigrationInterface {
  name = 'AddTicketEscalation1795400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "ticket_escalation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "ticket_id" uuid NOT NULL, "team_id" uuid NOT NULL, "reason" text NOT NULL, "automatic" boolean NOT NULL DEFAULT false, "escalated_by_id" uuid, "escalated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "routed_at" TIMESTAMP WITH TIME ZONE, "returned_at" TIMESTAMP WITH TIME ZONE, "returned_by_id" uuid, "return_notes" text, CONSTRAINT "ticket_escalation_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_escalation_ticket_idx" ON "ticket_escalation" ("ticket_id", "escalated_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ticket_escalation_open_key" ON "ticket_escalation" ("ticket_id") WHERE returned_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_escalation_team_idx" ON "ticket_escalation" ("team_id", "escalated_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_escalation" ADD CONSTRAINT "ticket_escalation_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_escalation" ADD CONSTRAINT "ticket_escalation_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_escalation" ADD CONSTRAINT "ticket_escalation_escalated_by_id_fkey" FOREIGN KEY ("escalated_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_escalation" ADD CONSTRAINT "ticket_escalation_returned_by_id_fkey" FOREIGN KEY ("returned_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_team_open_idx" ON "ticket" ("team_id", "queue_due_at", "id") INCLUDE ("status", "assignee_id") WHERE tier = 2 AND status IN ${OPEN}`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_desk_open_idx" ON "ticket" ("desk_id", "queue_due_at", "id") INCLUDE ("status", "assignee_id") WHERE tier = 1 AND status IN ${OPEN}`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ticket_desk_open_idx"`);
    await queryRunner.query(`DROP INDEX "ticket_team_open_idx"`);
    await queryRunner.query(`DROP TABLE "ticket_escalation"`);
  }
}
