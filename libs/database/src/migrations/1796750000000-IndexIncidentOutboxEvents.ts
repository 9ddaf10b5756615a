import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The live incident stream replays the incident outbox events after the last id a reconnecting
 * client saw: a partial index keeps that a short range scan however large the outbox grows.
 */
export class IndexIncidentOutboxEvents1796750000000 implements MigrationInterface {
  name = 'IndexIncidentOutboxEvents1796750000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "outbox_event_incident_idx" ON "outbox_event" ("id") WHERE aggregate_type = 'incident'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "outbox_event_incident_idx"`);
  }
}
