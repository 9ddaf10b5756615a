import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A system-written history line (an automatic escalation's reason) is stored as a code with its
 * parameters, so each reader sees it in their own language and time zone; `note` keeps what people
 * wrote, and the Indonesian text of older automatic lines.
 */
export class AddTicketEventReason1796550000000 implements MigrationInterface {
  name = 'AddTicketEventReason1796550000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "ticket_event" ADD COLUMN "reason_code" text, ADD COLUMN "reason_params" jsonb`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "ticket_event" DROP COLUMN "reason_params", DROP COLUMN "reason_code"`,
    );
  }
}
