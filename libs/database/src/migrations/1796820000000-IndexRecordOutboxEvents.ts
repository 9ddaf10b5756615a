import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The live change and problem streams replay a kind's outbox events after the last id a
 * reconnecting client saw: a partial index per kind keeps that a short range scan however large the
 * outbox grows (as the incident one does).
 */
export class IndexRecordOutboxEvents1796820000000 implements MigrationInterface {
  name = 'IndexRecordOutboxEvents1796820000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "outbox_event_change_idx" ON "outbox_event" ("id") WHERE aggregate_type = 'change'`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_event_problem_idx" ON "outbox_event" ("id") WHERE aggregate_type = 'problem'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "outbox_event_problem_idx"`);
    await queryRunner.query(`DROP INDEX "outbox_event_change_idx"`);
  }
}
