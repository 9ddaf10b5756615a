import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Change and problem records: changes with their phases, approval, planned window and pre-window
 * notice; problems with their status and the tickets behind them; an append-only timeline for each;
 * per-year number sequences (`CHG-2026-0001`, `PRB-2026-0001`).
 */
export class ChangeAndProblemManagement1796400000000 implements MigrationInterface {
  name = 'ChangeAndProblemManagement1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // A sequence per kind and year, created on first use, as for ticket numbers.
    await queryRunner.query(`
      CREATE FUNCTION next_record_number(kind text, year int) RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE seq text := format('%s_number_%s', kind, year);
      BEGIN
        RETURN nextval(seq);
      EXCEPTION WHEN undefined_table THEN
        BEGIN
          EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', seq);
        EXCEPTION WHEN unique_violation OR duplicate_table THEN
          NULL; -- another transaction created it first
        END;
        RETURN nextval(seq);
      END $$`);
    await queryRunner.query(`
      CREATE TABLE "change_request" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "number" text NOT NULL,
        "title" text NOT NULL,
        "description" text NOT NULL,
        "type" text NOT NULL,
        "owning_unit_id" uuid NOT NULL,
        "requester_id" uuid NOT NULL,
        "created_by_id" uuid NOT NULL,
        "template_id" uuid,
        "systems" text[] NOT NULL DEFAULT '{}',
        "affected_unit_ids" uuid[] NOT NULL DEFAULT '{}',
        "risk" text NOT NULL,
        "impact_assessment" text NOT NULL DEFAULT '',
        "implementation_plan" text NOT NULL DEFAULT '',
        "rollback_plan" text NOT NULL DEFAULT '',
        "planned_start" timestamptz NOT NULL,
        "planned_end" timestamptz NOT NULL,
        "phase" text NOT NULL DEFAULT 'planning',
        "approval_status" text NOT NULL DEFAULT 'none',
        "approval_requested_at" timestamptz,
        "decided_by_id" uuid,
        "decision_reason" text,
        "decided_at" timestamptz,
        "review" jsonb,
        "implemented_at" timestamptz,
        "closed_at" timestamptz,
        "window_revision" int NOT NULL DEFAULT 1,
        "window_noticed_revision" int,
        "version" int NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "change_request_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "change_request_number_key" UNIQUE ("number"),
        CONSTRAINT "change_request_type_check" CHECK ("type" IN ('standard', 'normal', 'emergency')),
        CONSTRAINT "change_request_risk_check" CHECK ("risk" IN ('low', 'medium', 'high')),
        CONSTRAINT "change_request_phase_check" CHECK ("phase" IN ('planning', 'analysis', 'approval',
          'development', 'implementation', 'monitoring', 'evaluation', 'closed', 'rejected', 'cancelled')),
        CONSTRAINT "change_request_approval_check" CHECK ("approval_status" IN ('none', 'pending',
          'approved', 'rejected', 'not_required')),
        CONSTRAINT "change_request_window_check" CHECK ("planned_end" > "planned_start"),
        CONSTRAINT "change_request_owning_unit_id_fkey" FOREIGN KEY ("owning_unit_id") REFERENCES "unit"("id"),
        CONSTRAINT "change_request_requester_id_fkey" FOREIGN KEY ("requester_id") REFERENCES "app_user"("id"),
        CONSTRAINT "change_request_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id"),
        CONSTRAINT "change_request_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "app_user"("id"),
        CONSTRAINT "change_request_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "change_request"("id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "change_request_unit_idx" ON "change_request" ("owning_unit_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "change_request_requester_idx" ON "change_request" ("requester_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "change_request_window_idx" ON "change_request" USING gist (tstzrange("planned_start", "planned_end"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "change_request_systems_idx" ON "change_request" USING gin ("systems")`,
    );
    await queryRunner.query(`
      CREATE TABLE "change_event" (
        "id" bigserial NOT NULL,
        "change_id" uuid NOT NULL,
        "actor_id" uuid,
        "type" text NOT NULL,
        "from_phase" text,
        "to_phase" text,
        "note" text,
        "data" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "change_event_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "change_event_change_id_fkey" FOREIGN KEY ("change_id") REFERENCES "change_request"("id"),
        CONSTRAINT "change_event_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "app_user"("id")
      )`);
    await queryRunner.query(`CREATE INDEX "change_event_change_idx" ON "change_event" ("change_id", "id")`);
    await queryRunner.query(`
      CREATE TABLE "change_ticket" (
        "change_id" uuid NOT NULL,
        "ticket_id" uuid NOT NULL,
        CONSTRAINT "change_ticket_pkey" PRIMARY KEY ("change_id", "ticket_id"),
        CONSTRAINT "change_ticket_change_id_fkey" FOREIGN KEY ("change_id") REFERENCES "change_request"("id") ON DELETE CASCADE,
        CONSTRAINT "change_ticket_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id")
      )`);
    await queryRunner.query(`CREATE INDEX "change_ticket_ticket_idx" ON "change_ticket" ("ticket_id")`);
    await queryRunner.query(`
      CREATE TABLE "problem" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "number" text NOT NULL,
        "title" text NOT NULL,
        "description" text NOT NULL,
        "status" text NOT NULL DEFAULT 'open',
        "root_cause" text,
        "workaround" text,
        "permanent_fix" text,
        "created_by_id" uuid NOT NULL,
        "known_error_at" timestamptz,
        "resolved_at" timestamptz,
        "closed_at" timestamptz,
        "version" int NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "problem_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "problem_number_key" UNIQUE ("number"),
        CONSTRAINT "problem_status_check" CHECK ("status" IN ('open', 'investigating', 'known_error', 'resolved', 'closed')),
        CONSTRAINT "problem_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id")
      )`);
    await queryRunner.query(`CREATE INDEX "problem_created_idx" ON "problem" ("created_at")`);
    await queryRunner.query(`
      CREATE TABLE "problem_ticket" (
        "problem_id" uuid NOT NULL,
        "ticket_id" uuid NOT NULL,
        CONSTRAINT "problem_ticket_pkey" PRIMARY KEY ("problem_id", "ticket_id"),
        CONSTRAINT "problem_ticket_problem_id_fkey" FOREIGN KEY ("problem_id") REFERENCES "problem"("id") ON DELETE CASCADE,
        CONSTRAINT "problem_ticket_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id")
      )`);
    await queryRunner.query(`CREATE INDEX "problem_ticket_ticket_idx" ON "problem_ticket" ("ticket_id")`);
    await queryRunner.query(`
      CREATE TABLE "problem_event" (
        "id" bigserial NOT NULL,
        "problem_id" uuid NOT NULL,
        "actor_id" uuid,
        "type" text NOT NULL,
        "from_status" text,
        "to_status" text,
        "note" text,
        "data" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "problem_event_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "problem_event_problem_id_fkey" FOREIGN KEY ("problem_id") REFERENCES "problem"("id"),
        CONSTRAINT "problem_event_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "app_user"("id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "problem_event_problem_idx" ON "problem_event" ("problem_id", "id")`,
    );
    await queryRunner.query(`
      CREATE TABLE "change_problem" (
        "change_id" uuid NOT NULL,
        "problem_id" uuid NOT NULL,
        CONSTRAINT "change_problem_pkey" PRIMARY KEY ("change_id", "problem_id"),
        CONSTRAINT "change_problem_change_id_fkey" FOREIGN KEY ("change_id") REFERENCES "change_request"("id") ON DELETE CASCADE,
        CONSTRAINT "change_problem_problem_id_fkey" FOREIGN KEY ("problem_id") REFERENCES "problem"("id")
      )`);
    await queryRunner.query(`CREATE INDEX "change_problem_problem_idx" ON "change_problem" ("problem_id")`);
    // The timelines are append-only, like the ticket audit.
    await queryRunner.query(`
      CREATE FUNCTION record_timeline_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
      END $$`);
    for (const table of ['change_event', 'problem_event'])
      await queryRunner.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION record_timeline_append_only()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "change_problem"`);
    await queryRunner.query(`DROP TABLE "problem_event"`);
    await queryRunner.query(`DROP TABLE "problem_ticket"`);
    await queryRunner.query(`DROP TABLE "problem"`);
    await queryRunner.query(`DROP TABLE "change_ticket"`);
    await queryRunner.query(`DROP TABLE "change_event"`);
    await queryRunner.query(`DROP TABLE "change_request"`);
    await queryRunner.query(`DROP FUNCTION record_timeline_append_only()`);
    await queryRunner.query(`DROP FUNCTION next_record_number(text, int)`);
  }
}
