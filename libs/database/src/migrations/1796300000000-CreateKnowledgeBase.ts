import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The knowledge base: articles with their Indonesian search vector (stems computed by the app, title
 * weighted A, body B, tags and known-error fields C), trigram index on the normalised title for typo
 * tolerance, revisions, helpful votes (one per user), deflections (a requester's draft ticket ended
 * as solved by an article) and links between tickets and articles.
 */
export class CreateKnowledgeBase1796300000000 implements MigrationInterface {
  name = 'CreateKnowledgeBase1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`
      CREATE TABLE "kb_article" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "title" varchar(200) NOT NULL,
        "body" text NOT NULL,
        "body_html" text NOT NULL,
        "body_text" text NOT NULL,
        "kind" varchar(16) NOT NULL,
        "symptom" text,
        "cause" text,
        "workaround" text,
        "category_id" uuid,
        "tags" text[] NOT NULL DEFAULT '{}',
        "visibility" varchar(16) NOT NULL,
        "status" varchar(16) NOT NULL DEFAULT 'draft',
        "author_id" uuid NOT NULL,
        "reviewer_id" uuid,
        "review_by" date,
        "review_reminded_for" date,
        "source_ticket_id" uuid,
        "view_count" integer NOT NULL DEFAULT 0,
        "helpful_count" integer NOT NULL DEFAULT 0,
        "not_helpful_count" integer NOT NULL DEFAULT 0,
        "deflection_count" integer NOT NULL DEFAULT 0,
        "title_search" text NOT NULL,
        "search_vector" tsvector NOT NULL,
        "version" integer NOT NULL DEFAULT 1,
        "published_at" timestamptz,
        "archived_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "kb_article_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "kb_article_kind_check" CHECK ("kind" IN ('howto', 'known_error', 'faq')),
        CONSTRAINT "kb_article_visibility_check" CHECK ("visibility" IN ('public', 'agents', 'tier2', 'csirt')),
        CONSTRAINT "kb_article_status_check" CHECK ("status" IN ('draft', 'in_review', 'published', 'archived')),
        CONSTRAINT "kb_article_category_fk" FOREIGN KEY ("category_id") REFERENCES "category"("id") ON DELETE SET NULL,
        CONSTRAINT "kb_article_author_fk" FOREIGN KEY ("author_id") REFERENCES "app_user"("id"),
        CONSTRAINT "kb_article_reviewer_fk" FOREIGN KEY ("reviewer_id") REFERENCES "app_user"("id"),
        CONSTRAINT "kb_article_source_ticket_fk" FOREIGN KEY ("source_ticket_id") REFERENCES "ticket"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "kb_article_search_idx" ON "kb_article" USING gin ("search_vector")`,
    );
    await queryRunner.query(
      `CREATE INDEX "kb_article_title_trgm_idx" ON "kb_article" USING gin ("title_search" gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "kb_article_status_idx" ON "kb_article" ("status", "visibility", "updated_at" DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX "kb_article_review_due_idx" ON "kb_article" ("review_by") WHERE "status" = 'published'`,
    );
    await queryRunner.query(`CREATE INDEX "kb_article_author_idx" ON "kb_article" ("author_id")`);
    await queryRunner.query(`
      CREATE TABLE "kb_article_revision" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "article_id" uuid NOT NULL,
        "revision" integer NOT NULL,
        "title" varchar(200) NOT NULL,
        "body" text NOT NULL,
        "changed_by_id" uuid NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "kb_article_revision_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "kb_article_revision_key" UNIQUE ("article_id", "revision"),
        CONSTRAINT "kb_article_revision_article_fk" FOREIGN KEY ("article_id") REFERENCES "kb_article"("id") ON DELETE CASCADE,
        CONSTRAINT "kb_article_revision_user_fk" FOREIGN KEY ("changed_by_id") REFERENCES "app_user"("id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "kb_article_vote" (
        "article_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "helpful" boolean NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "kb_article_vote_pkey" PRIMARY KEY ("article_id", "user_id"),
        CONSTRAINT "kb_article_vote_article_fk" FOREIGN KEY ("article_id") REFERENCES "kb_article"("id") ON DELETE CASCADE,
        CONSTRAINT "kb_article_vote_user_fk" FOREIGN KEY ("user_id") REFERENCES "app_user"("id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "kb_deflection" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "article_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "unit_id" uuid NOT NULL,
        "ticket_title" varchar(200),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "kb_deflection_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "kb_deflection_article_fk" FOREIGN KEY ("article_id") REFERENCES "kb_article"("id") ON DELETE CASCADE,
        CONSTRAINT "kb_deflection_user_fk" FOREIGN KEY ("user_id") REFERENCES "app_user"("id"),
        CONSTRAINT "kb_deflection_unit_fk" FOREIGN KEY ("unit_id") REFERENCES "unit"("id")
      )`);
    await queryRunner.query(`CREATE INDEX "kb_deflection_created_idx" ON "kb_deflection" ("created_at")`);
    await queryRunner.query(
      `CREATE INDEX "kb_deflection_unit_idx" ON "kb_deflection" ("unit_id", "created_at")`,
    );
    await queryRunner.query(`
      CREATE TABLE "kb_ticket_link" (
        "article_id" uuid NOT NULL,
        "ticket_id" uuid NOT NULL,
        "created_by_id" uuid NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "kb_ticket_link_pkey" PRIMARY KEY ("article_id", "ticket_id"),
        CONSTRAINT "kb_ticket_link_article_fk" FOREIGN KEY ("article_id") REFERENCES "kb_article"("id") ON DELETE CASCADE,
        CONSTRAINT "kb_ticket_link_ticket_fk" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE CASCADE,
        CONSTRAINT "kb_ticket_link_user_fk" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id")
      )`);
    await queryRunner.query(`CREATE INDEX "kb_ticket_link_ticket_idx" ON "kb_ticket_link" ("ticket_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "kb_ticket_link"`);
    await queryRunner.query(`DROP TABLE "kb_deflection"`);
    await queryRunner.query(`DROP TABLE "kb_article_vote"`);
    await queryRunner.query(`DROP TABLE "kb_article_revision"`);
    await queryRunner.query(`DROP TABLE "kb_article"`);
  }
}
