import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agent tools: "pending until" on tickets, the requester's phone and location, links between
 * tickets (duplicates, related tickets, parents of a major incident) and reply templates.
 */
export class DeskAgentTools1796500000000 implements MigrationInterface {
  name = 'DeskAgentTools1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "ticket" ADD "pending_until" TIMESTAMPTZ`);
    // The reconciliation of the automatic resume reads the due ones: few rows, a partial index.
    await queryRunner.query(
      `CREATE INDEX "ticket_pending_until_idx" ON "ticket" ("pending_until") WHERE "pending_until" IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "app_user" ADD "phone" VARCHAR(30), ADD "location_room" VARCHAR(100), ADD "location_floor" VARCHAR(30)`,
    );
    await queryRunner.query(`
      CREATE TABLE "ticket_link" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "ticket_id" UUID NOT NULL REFERENCES "ticket"("id") ON DELETE CASCADE,
        "linked_ticket_id" UUID NOT NULL REFERENCES "ticket"("id") ON DELETE CASCADE,
        "type" VARCHAR(20) NOT NULL CHECK ("type" IN ('duplicate_of', 'related', 'child_of')),
        "created_by_id" UUID REFERENCES "app_user"("id"),
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        CHECK ("ticket_id" <> "linked_ticket_id"),
        CONSTRAINT "ticket_link_unique" UNIQUE ("ticket_id", "linked_ticket_id", "type")
      )`);
    await queryRunner.query(
      `CREATE INDEX "ticket_link_linked_idx" ON "ticket_link" ("linked_ticket_id", "type")`,
    );
    // One parent per child: a major incident groups reports of one outage.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ticket_link_one_parent" ON "ticket_link" ("ticket_id") WHERE "type" = 'child_of'`,
    );
    await queryRunner.query(`
      CREATE TABLE "reply_template" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" VARCHAR(120) NOT NULL,
        "body" TEXT NOT NULL,
        "scope" VARCHAR(10) NOT NULL CHECK ("scope" IN ('personal', 'unit', 'team', 'global')),
        "owner_id" UUID NOT NULL REFERENCES "app_user"("id"),
        "unit_id" UUID REFERENCES "unit"("id"),
        "team_id" UUID REFERENCES "team"("id"),
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        CHECK (("scope" = 'unit') = ("unit_id" IS NOT NULL)),
        CHECK (("scope" = 'team') = ("team_id" IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX "reply_template_owner_idx" ON "reply_template" ("owner_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "reply_template"`);
    await queryRunner.query(`DROP TABLE "ticket_link"`);
    await queryRunner.query(
      `ALTER TABLE "app_user" DROP COLUMN "phone", DROP COLUMN "location_room", DROP COLUMN "location_floor"`,
    );
    await queryRunner.query(`DROP INDEX "ticket_pending_until_idx"`);
    await queryRunner.query(`ALTER TABLE "ticket" DROP COLUMN "pending_until"`);
  }
}
