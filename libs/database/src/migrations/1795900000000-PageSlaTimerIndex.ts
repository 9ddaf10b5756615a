import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The SLA reconciliation pages through the timers due soon by (next_fire_at, ticket_id, clock): the
 * timer index gets those columns, so each page is an index range scan instead of a sort of the
 * whole window. The overdue scan reads the same index by its first column.
 */
export class PageSlaTimerIndex1795900000000 implements MigrationInterface {
  name = 'PageSlaTimerIndex1795900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ticket_sla_clock_fire_page_idx" ON "ticket_sla_clock" ("next_fire_at", "ticket_id", "clock")
        WHERE next_fire_at IS NOT NULL`,
    );
    await queryRunner.query(`DROP INDEX "ticket_sla_clock_fire_idx"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ticket_sla_clock_fire_idx" ON "ticket_sla_clock" ("next_fire_at") WHERE next_fire_at IS NOT NULL`,
    );
    await queryRunner.query(`DROP INDEX "ticket_sla_clock_fire_page_idx"`);
  }
}
