import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Covering indexes for the SLA report, measured over 1,000,000 tickets (test/bench/sla-report):
 * the passes over a month's tickets read the index alone instead of the heap (a month of
 * tickets is a sixth of the table in the bench's data, where PostgreSQL otherwise scans it all).
 * They replace the plain resolved and "open at" indexes of AddSlaReportIndexes.
 */
export class CoverSlaReportIndexes1795630000000 implements MigrationInterface {
  name = 'CoverSlaReportIndexes1795630000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ticket_report_created_idx" ON "ticket" ("created_at") INCLUDE ("id", "unit_id", "team_id", "priority", "category_id", "escalated_at", "cancelled_at", "first_response_at", "response_due_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_report_resolved_idx" ON "ticket" ("resolved_at") INCLUDE ("id", "unit_id", "team_id", "priority", "escalated_at", "rating_score", "resolution_due_at") WHERE resolved_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_report_open_at_idx" ON "ticket" ((coalesce(resolved_at, cancelled_at, 'infinity'::timestamptz))) INCLUDE ("created_at", "unit_id", "team_id")`,
    );
    await queryRunner.query(`DROP INDEX "ticket_resolved_idx"`);
    await queryRunner.query(`DROP INDEX "ticket_unit_resolved_idx"`);
    await queryRunner.query(`DROP INDEX "ticket_ended_idx"`);
    await queryRunner.query(`DROP INDEX "ticket_unit_ended_idx"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ticket_unit_ended_idx" ON "ticket" (unit_id, (coalesce(resolved_at, cancelled_at, 'infinity'::timestamptz)), created_at)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_ended_idx" ON "ticket" ((coalesce(resolved_at, cancelled_at, 'infinity'::timestamptz)), created_at)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_unit_resolved_idx" ON "ticket" ("unit_id", "resolved_at") WHERE resolved_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_resolved_idx" ON "ticket" ("resolved_at") WHERE resolved_at IS NOT NULL`,
    );
    await queryRunner.query(`DROP INDEX "ticket_report_open_at_idx"`);
    await queryRunner.query(`DROP INDEX "ticket_report_resolved_idx"`);
    await queryRunner.query(`DROP INDEX "ticket_report_created_idx"`);
  }
}
