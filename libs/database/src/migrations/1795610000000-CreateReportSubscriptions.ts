import { MigrationInterface, QueryRunner } from 'typeorm';

/** Report subscriptions and their delivery log; `report_delivery.dedupe_key` makes a period once. */
export class CreateReportSubscriptions1795610000000 implements MigrationInterface {
  name = 'CreateReportSubscriptions1795610000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "report_subscription" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "created_by_id" uuid NOT NULL, "unit_id" uuid, "team_id" uuid, "regency_wide" boolean NOT NULL DEFAULT false, "frequency" text NOT NULL, "send_at" text NOT NULL, "recipients" jsonb NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "report_subscription_pkey" PRIMARY KEY ("id"), CONSTRAINT "report_subscription_frequency_check" CHECK (frequency IN ('daily', 'weekly', 'monthly', 'semester', 'yearly')), CONSTRAINT "report_subscription_send_at_check" CHECK (send_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'), CONSTRAINT "report_subscription_scope_check" CHECK (NOT (regency_wide AND unit_id IS NOT NULL)))`,
    );
    await queryRunner.query(
      `CREATE INDEX "report_subscription_unit_idx" ON "report_subscription" ("unit_id", "created_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_subscription" ADD CONSTRAINT "report_subscription_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_subscription" ADD CONSTRAINT "report_subscription_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_subscription" ADD CONSTRAINT "report_subscription_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "report_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "subscription_id" uuid NOT NULL, "trigger" text NOT NULL, "period_start" TIMESTAMP WITH TIME ZONE NOT NULL, "period_end" TIMESTAMP WITH TIME ZONE NOT NULL, "dedupe_key" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT 0, "attempt_log" jsonb NOT NULL DEFAULT '[]'::jsonb, "last_error" text, "requested_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "mailed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "report_delivery_pkey" PRIMARY KEY ("id"), CONSTRAINT "report_delivery_status_check" CHECK (status IN ('pending', 'mailed', 'failed')), CONSTRAINT "report_delivery_trigger_check" CHECK ("trigger" IN ('schedule', 'manual')))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "report_delivery_dedupe_key" ON "report_delivery" ("dedupe_key")`,
    );
    await queryRunner.query(
      `CREATE INDEX "report_delivery_subscription_idx" ON "report_delivery" ("subscription_id", "created_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_delivery" ADD CONSTRAINT "report_delivery_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "report_subscription"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_delivery" ADD CONSTRAINT "report_delivery_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "report_delivery"`);
    await queryRunner.query(`DROP TABLE "report_subscription"`);
  }
}
