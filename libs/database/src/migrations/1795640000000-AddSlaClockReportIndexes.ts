import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Covering indexes on ticket_sla_clock for the SLA report: a month's response clocks by start (a
 * ticket's response and resolution clocks start when it is filed) and its resolution clocks by
 * when they were met, so the report joins a month's tickets to a month's clocks, both read from
 * indexes alone, instead of hashing every clock of the table.
 */
export class AddSlaClockReportIndexes1795640000000 implements MigrationInterface {
  name = 'AddSlaClockReportIndexes1795640000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ticket_sla_clock_started_report_idx" ON "ticket_sla_clock" ("clock", "started_at") INCLUDE ("ticket_id", "due_at", "met_at", "breached_at", "business_seconds")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_sla_clock_met_report_idx" ON "ticket_sla_clock" ("clock", "met_at") INCLUDE ("ticket_id", "due_at", "business_seconds") WHERE met_at IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ticket_sla_clock_met_report_idx"`);
    await queryRunner.query(`DROP INDEX "ticket_sla_clock_started_report_idx"`);
  }
}
