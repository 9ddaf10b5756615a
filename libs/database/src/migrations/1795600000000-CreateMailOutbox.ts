import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The mail outbox (one row per mail and recipient, attachments beside it), a NOTIFY so the worker's
 * mail sweeper wakes at once, and each user's notification preferences.
 */
export class CreateMailOutbox1795600000000 implements MigrationInterface {
  name = 'CreateMailOutbox1795600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "mail_message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "recipient" text NOT NULL, "recipient_user_id" uuid, "subject" text NOT NULL, "html" text NOT NULL, "text" text NOT NULL, "status" text NOT NULL DEFAULT 'queued', "attempts" integer NOT NULL DEFAULT 0, "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "lease_until" TIMESTAMP WITH TIME ZONE, "enqueued_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "message_id" text NOT NULL, "dedupe_key" text NOT NULL, "aggregate_type" text, "aggregate_id" uuid, "not_before" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "mail_message_pkey" PRIMARY KEY ("id"), CONSTRAINT "mail_message_status_check" CHECK (status IN ('held', 'queued', 'sending', 'sent', 'failed')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "mail_message_dedupe_key" ON "mail_message" ("dedupe_key")`);
    await queryRunner.query(
      `CREATE INDEX "mail_message_due_idx" ON "mail_message" ("next_attempt_at") WHERE status = 'queued'`,
    );
    await queryRunner.query(
      `CREATE INDEX "mail_message_lease_idx" ON "mail_message" ("lease_until") WHERE status = 'sending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "mail_message_held_idx" ON "mail_message" ("not_before") WHERE status = 'held'`,
    );
    await queryRunner.query(
      `CREATE INDEX "mail_message_aggregate_idx" ON "mail_message" ("aggregate_id") WHERE aggregate_id IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "mail_message" ADD CONSTRAINT "mail_message_recipient_user_id_fkey" FOREIGN KEY ("recipient_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "mail_attachment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "mail_id" uuid NOT NULL, "position" smallint NOT NULL, "file_name" text NOT NULL, "content_type" text NOT NULL, "content_id" text, "size_bytes" integer NOT NULL, "content" bytea NOT NULL, CONSTRAINT "mail_attachment_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "mail_attachment_mail_position_key" ON "mail_attachment" ("mail_id", "position")`,
    );
    await queryRunner.query(
      `ALTER TABLE "mail_attachment" ADD CONSTRAINT "mail_attachment_mail_id_fkey" FOREIGN KEY ("mail_id") REFERENCES "mail_message"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`
      CREATE FUNCTION mail_message_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('mail_message', '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER mail_message_notify AFTER INSERT ON mail_message
      FOR EACH STATEMENT EXECUTE FUNCTION mail_message_notify()`);
    await queryRunner.query(
      `ALTER TABLE "app_user" ADD "notification_preferences" jsonb NOT NULL DEFAULT '{}'::jsonb`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "notification_preferences"`);
    await queryRunner.query(`DROP TRIGGER mail_message_notify ON mail_message`);
    await queryRunner.query(`DROP FUNCTION mail_message_notify()`);
    await queryRunner.query(`DROP TABLE "mail_attachment"`);
    await queryRunner.query(`DROP TABLE "mail_message"`);
  }
}
