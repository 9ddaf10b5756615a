import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The SHA-256 of the body a ticket was created with under an `Idempotency-Key`: the same key with
 * another body is refused (409) instead of silently answering with the first ticket.
 */
export class TicketIdempotencyHash1796110000000 implements MigrationInterface {
  name = 'TicketIdempotencyHash1796110000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "ticket" ADD "idempotency_hash" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "ticket" DROP COLUMN "idempotency_hash"`);
  }
}
