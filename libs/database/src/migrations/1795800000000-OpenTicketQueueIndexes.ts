import { MigrationInterface, QueryRunner } from 'typeorm';

const OPEN = `('new', 'assigned', 'in_progress', 'pending')`;

/**
 * Queue views (`GET /tickets?sort=due&status=open`) read open tickets only: about 15 % of the table
 * in a year. Indexes over open tickets alone, one per visibility scope, let a queue stop after its
 * first page, and let an empty queue answer at once instead of walking every closed ticket of its PD.
 */
export class OpenTicketQueueIndexes1795800000000 implements MigrationInterface {
  name = 'OpenTicketQueueIndexes1795800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ticket_open_queue_idx" ON "ticket" ("queue_due_at", "id") WHERE status IN ${OPEN}`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_open_unit_queue_idx" ON "ticket" ("unit_id", "queue_due_at", "id") WHERE status IN ${OPEN}`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_open_requester_queue_idx" ON "ticket" ("requester_id", "queue_due_at", "id") WHERE status IN ${OPEN}`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_open_escalated_queue_idx" ON "ticket" ("queue_due_at", "id") WHERE escalated_at IS NOT NULL AND status IN ${OPEN}`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ticket_open_escalated_queue_idx"`);
    await queryRunner.query(`DROP INDEX "ticket_open_requester_queue_idx"`);
    await queryRunner.query(`DROP INDEX "ticket_open_unit_queue_idx"`);
    await queryRunner.query(`DROP INDEX "ticket_open_queue_idx"`);
  }
}
