import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the SLA report reads through (libs/reports): tickets resolved in a period, tickets of a
 * Tier 2 team by creation, tickets still open at an instant (by the instant they ended: resolved or
 * cancelled, `infinity` while open), and clocks breached in a period.
 */
export class AddSlaReportIndexes1795620000000 implements MigrationInterface {
  name = 'AddSlaReportIndexes1795620000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ticket_resolved_idx" ON "ticket" ("resolved_at") WHERE resolved_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_unit_resolved_idx" ON "ticket" ("unit_id", "resolved_at") WHERE resolved_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_team_created_idx" ON "ticket" ("team_id", "created_at") WHERE team_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_team_resolved_idx" ON "ticket" ("team_id", "resolved_at") WHERE team_id IS NOT NULL AND resolved_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_ended_idx" ON "ticket" ((coalesce(resolved_at, cancelled_at, 'infinity'::timestamptz)), created_at)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_unit_ended_idx" ON "ticket" (unit_id, (coalesce(resolved_at, cancelled_at, 'infinity'::timestamptz)), created_at)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_sla_clock_breached_idx" ON "ticket_sla_clock" ("breached_at") WHERE breached_at IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ticket_sla_clock_breached_idx"`);
    await queryRunner.query(`DROP INDEX "ticket_unit_ended_idx"`);
    await queryRunner.query(`DROP INDEX "ticket_ended_idx"`);
    await queryRunner.query(`DROP INDEX "ticket_team_resolved_idx"`);
    await queryRunner.query(`DROP INDEX "ticket_team_created_idx"`);
    await queryRunner.query(`DROP INDEX "ticket_unit_resolved_idx"`);
    await queryRunner.query(`DROP INDEX "ticket_resolved_idx"`);
  }
}
