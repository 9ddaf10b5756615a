import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795333273238 implements MigrationInterface {
  name = 'InitialSchema1795333273238';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outbox_event" ("id" BIGSERIAL NOT NULL, "type" text NOT NULL, "aggregate_type" text NOT NULL, "aggregate_id" uuid NOT NULL, "payload" jsonb NOT NULL DEFAULT '{}'::jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_cc0c9e40998e45ecfc5e313429d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_event_unpublished_idx" ON "outbox_event" ("id") WHERE published_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "team" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "name" text NOT NULL, "security" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f57d8293406df4af348402e4b74" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "team_code_key" ON "team" ("code") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "team_single_security_idx" ON "team" ("security") WHERE security`,
    );
    await queryRunner.query(
      `CREATE TABLE "category" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "name" text NOT NULL, "team_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9c4e4a89e3674fc9f382d733f03" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "category_code_key" ON "category" ("code") `);
    await queryRunner.query(
      `CREATE TABLE "unit" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "name" text NOT NULL, "kind" text NOT NULL, "mandiri_tik" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4252c4be609041e559f0c80f58a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "unit_code_key" ON "unit" ("code") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "unit_single_dinas_idx" ON "unit" ("kind") WHERE kind = 'dinas'`,
    );
    await queryRunner.query(
      `CREATE TABLE "desk" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid NOT NULL, "name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e6f737f60f3b11ef487d158831d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "desk_unit_id_key" ON "desk" ("unit_id") `);
    await queryRunner.query(
      `CREATE TABLE "region" ("id" smallint NOT NULL DEFAULT '1', "code" text NOT NULL, "name" text NOT NULL, "dinas_name" text NOT NULL, "timezone" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5f48ffc3af96bc486f5f3f3a6da" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "email" text NOT NULL, "password_hash" text NOT NULL, "nip" character varying(18), "unit_id" uuid NOT NULL, "roles" text array NOT NULL, "locale" text NOT NULL DEFAULT 'id', "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "app_user_email_key" ON "app_user" ("email") `);
    await queryRunner.query(`CREATE INDEX "app_user_unit_id_idx" ON "app_user" ("unit_id") `);
    await queryRunner.query(
      `CREATE TABLE "team_member" ("team_id" uuid NOT NULL, "user_id" uuid NOT NULL, CONSTRAINT "PK_34169355c6d1744228f5bb75549" PRIMARY KEY ("team_id", "user_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "team_member_user_id_idx" ON "team_member" ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "ticket" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" text NOT NULL, "kind" text NOT NULL, "title" text NOT NULL, "description" text NOT NULL, "category_id" uuid, "impact" smallint NOT NULL, "urgency" smallint NOT NULL, "priority" text NOT NULL, "channel" text NOT NULL DEFAULT 'web', "requester_id" uuid NOT NULL, "created_by_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "desk_id" uuid NOT NULL, "tier" smallint NOT NULL DEFAULT '1', "team_id" uuid, "assignee_id" uuid, "tier1_assignee_id" uuid, "status" text NOT NULL, "pending_reason" text, "resolution" text, "cancel_reason" text, "first_response_at" TIMESTAMP WITH TIME ZONE, "escalated_at" TIMESTAMP WITH TIME ZONE, "pending_since" TIMESTAMP WITH TIME ZONE, "resolved_at" TIMESTAMP WITH TIME ZONE, "auto_close_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "response_due_at" TIMESTAMP WITH TIME ZONE, "resolution_due_at" TIMESTAMP WITH TIME ZONE, "queue_due_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT 'infinity', "rating_score" smallint, "rating_comment" text, "rated_at" TIMESTAMP WITH TIME ZONE, "idempotency_key" text, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d9a0835407701eb86f874474b7c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "ticket_number_key" ON "ticket" ("number") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ticket_idempotency_key" ON "ticket" ("created_by_id", "idempotency_key") WHERE idempotency_key IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_auto_close_idx" ON "ticket" ("auto_close_at") WHERE status = 'resolved'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_assignee_idx" ON "ticket" ("assignee_id") WHERE assignee_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "ticket_created_idx" ON "ticket" ("created_at", "id") `);
    await queryRunner.query(
      `CREATE INDEX "ticket_unit_created_idx" ON "ticket" ("unit_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_requester_created_idx" ON "ticket" ("requester_id", "created_at", "id") `,
    );
    await queryRunner.query(`CREATE INDEX "ticket_queue_idx" ON "ticket" ("queue_due_at", "id") `);
    await queryRunner.query(
      `CREATE INDEX "ticket_team_queue_idx" ON "ticket" ("team_id", "queue_due_at", "id") WHERE team_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_unit_queue_idx" ON "ticket" ("unit_id", "queue_due_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "ticket_attachment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "ticket_id" uuid NOT NULL, "uploader_id" uuid NOT NULL, "file_name" text NOT NULL, "content_type" text NOT NULL, "size_bytes" integer NOT NULL, "sha256" character(64) NOT NULL, "storage_key" text NOT NULL, "internal" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9e42f5e88dde164f4fcf213c592" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_attachment_ticket_idx" ON "ticket_attachment" ("ticket_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "ticket_comment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "ticket_id" uuid NOT NULL, "author_id" uuid NOT NULL, "body" text NOT NULL, "internal" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_375385ad29b177463987f0a14a8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_comment_ticket_idx" ON "ticket_comment" ("ticket_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "ticket_event" ("id" BIGSERIAL NOT NULL, "ticket_id" uuid NOT NULL, "actor_id" uuid, "action" text NOT NULL, "changes" jsonb NOT NULL DEFAULT '{}'::jsonb, "note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_902a22d2110174b48925314c875" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ticket_event_ticket_idx" ON "ticket_event" ("ticket_id", "id") `);
    await queryRunner.query(
      `ALTER TABLE "category" ADD CONSTRAINT "category_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "desk" ADD CONSTRAINT "desk_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "app_user_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "team_member" ADD CONSTRAINT "team_member_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "team_member" ADD CONSTRAINT "team_member_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket" ADD CONSTRAINT "ticket_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "category"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket" ADD CONSTRAINT "ticket_requester_id_fkey" FOREIGN KEY ("requester_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket" ADD CONSTRAINT "ticket_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket" ADD CONSTRAINT "ticket_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket" ADD CONSTRAINT "ticket_desk_id_fkey" FOREIGN KEY ("desk_id") REFERENCES "desk"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket" ADD CONSTRAINT "ticket_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket" ADD CONSTRAINT "ticket_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_attachment" ADD CONSTRAINT "ticket_attachment_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_attachment" ADD CONSTRAINT "ticket_attachment_uploader_id_fkey" FOREIGN KEY ("uploader_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_comment" ADD CONSTRAINT "ticket_comment_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_comment" ADD CONSTRAINT "ticket_comment_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_event" ADD CONSTRAINT "ticket_event_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "ticket_event" DROP CONSTRAINT "ticket_event_ticket_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "ticket_comment" DROP CONSTRAINT "ticket_comment_author_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "ticket_comment" DROP CONSTRAINT "ticket_comment_ticket_id_fkey"`);
    await queryRunner.query(
      `ALTER TABLE "ticket_attachment" DROP CONSTRAINT "ticket_attachment_uploader_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_attachment" DROP CONSTRAINT "ticket_attachment_ticket_id_fkey"`,
    );
    await queryRunner.query(`ALTER TABLE "ticket" DROP CONSTRAINT "ticket_assignee_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "ticket" DROP CONSTRAINT "ticket_team_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "ticket" DROP CONSTRAINT "ticket_desk_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "ticket" DROP CONSTRAINT "ticket_unit_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "ticket" DROP CONSTRAINT "ticket_created_by_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "ticket" DROP CONSTRAINT "ticket_requester_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "ticket" DROP CONSTRAINT "ticket_category_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "team_member" DROP CONSTRAINT "team_member_user_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "team_member" DROP CONSTRAINT "team_member_team_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP CONSTRAINT "app_user_unit_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "desk" DROP CONSTRAINT "desk_unit_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "category" DROP CONSTRAINT "category_team_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."ticket_event_ticket_idx"`);
    await queryRunner.query(`DROP TABLE "ticket_event"`);
    await queryRunner.query(`DROP INDEX "public"."ticket_comment_ticket_idx"`);
    await queryRunner.query(`DROP TABLE "ticket_comment"`);
    await queryRunner.query(`DROP INDEX "public"."ticket_attachment_ticket_idx"`);
    await queryRunner.query(`DROP TABLE "ticket_attachment"`);
    await queryRunner.query(`DROP INDEX "public"."ticket_unit_queue_idx"`);
    await queryRunner.query(`DROP INDEX "public"."ticket_team_queue_idx"`);
    await queryRunner.query(`DROP INDEX "public"."ticket_queue_idx"`);
    await queryRunner.query(`DROP INDEX "public"."ticket_requester_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."ticket_unit_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."ticket_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."ticket_assignee_idx"`);
    await queryRunner.query(`DROP INDEX "public"."ticket_auto_close_idx"`);
    await queryRunner.query(`DROP INDEX "public"."ticket_idempotency_key"`);
    await queryRunner.query(`DROP INDEX "public"."ticket_number_key"`);
    await queryRunner.query(`DROP TABLE "ticket"`);
    await queryRunner.query(`DROP INDEX "public"."team_member_user_id_idx"`);
    await queryRunner.query(`DROP TABLE "team_member"`);
    await queryRunner.query(`DROP INDEX "public"."app_user_unit_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."app_user_email_key"`);
    await queryRunner.query(`DROP TABLE "app_user"`);
    await queryRunner.query(`DROP TABLE "region"`);
    await queryRunner.query(`DROP INDEX "public"."desk_unit_id_key"`);
    await queryRunner.query(`DROP TABLE "desk"`);
    await queryRunner.query(`DROP INDEX "public"."unit_single_dinas_idx"`);
    await queryRunner.query(`DROP INDEX "public"."unit_code_key"`);
    await queryRunner.query(`DROP TABLE "unit"`);
    await queryRunner.query(`DROP INDEX "public"."category_code_key"`);
    await queryRunner.query(`DROP TABLE "category"`);
    await queryRunner.query(`DROP INDEX "public"."team_single_security_idx"`);
    await queryRunner.query(`DROP INDEX "public"."team_code_key"`);
    await queryRunner.query(`DROP TABLE "team"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_event_unpublished_idx"`);
    await queryRunner.query(`DROP TABLE "outbox_event"`);
  }
}
