import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Knowledge-base search that reads little per request (see docs/knowledge-base.md):
 *
 * - The full-text GIN indexes cover published articles only (search and suggest never look at
 *   anything else) and have no pending list (`fastupdate = off`): articles change rarely, so a write
 *   pays its index update at once and no search has to scan unsorted pending entries.
 * - `kb_title_word` holds every lexeme that appears in some article's title, kept by a trigger, with
 *   a trigram GiST index: the typo match looks up the few title words closest to each query word
 *   (a few hundred or thousand words, nearest first) instead of comparing the query with 50,000
 *   titles. The trigram index on whole titles goes.
 */
export class KnowledgeBaseSearchSpeed1797300000000 implements MigrationInterface {
  name = 'KnowledgeBaseSearchSpeed1797300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "kb_article_published_search_idx" ON "kb_article" USING gin ("search_vector")
         WITH (fastupdate = off) WHERE "status" = 'published'`,
    );
    await queryRunner.query(
      `CREATE INDEX "kb_article_published_title_idx" ON "kb_article" USING gin ("title_vector")
         WITH (fastupdate = off) WHERE "status" = 'published'`,
    );
    await queryRunner.query(`DROP INDEX "kb_article_search_idx"`);
    await queryRunner.query(`DROP INDEX "kb_article_title_vector_idx"`);
    await queryRunner.query(`DROP INDEX "kb_article_title_trgm_idx"`);
    await queryRunner.query(`
      CREATE TABLE "kb_title_word" (
        "word" text NOT NULL,
        CONSTRAINT "kb_title_word_pkey" PRIMARY KEY ("word")
      )`);
    await queryRunner.query(
      `CREATE INDEX "kb_title_word_trgm_idx" ON "kb_title_word" USING gist ("word" gist_trgm_ops)`,
    );
    // Words are only ever added: a word no title holds any more finds no title, which costs nothing.
    // Inserts are collected once per statement (a bulk import is one INSERT of the words); an
    // update only when it changed the title's lexemes (not on every view or vote counted).
    await queryRunner.query(`
      CREATE FUNCTION "kb_title_word_collect_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO kb_title_word (word)
        SELECT DISTINCT unnest(tsvector_to_array(title_vector)) FROM kb_title_word_new_rows
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER "kb_title_word_on_insert" AFTER INSERT ON "kb_article"
      REFERENCING NEW TABLE AS kb_title_word_new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION "kb_title_word_collect_rows"()`);
    await queryRunner.query(`
      CREATE FUNCTION "kb_title_word_collect"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO kb_title_word (word)
        SELECT unnest(tsvector_to_array(NEW.title_vector))
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER "kb_title_word_on_update" AFTER UPDATE OF "search_vector" ON "kb_article"
      FOR EACH ROW WHEN (OLD.title_vector IS DISTINCT FROM NEW.title_vector)
      EXECUTE FUNCTION "kb_title_word_collect"()`);
    await queryRunner.query(`
      INSERT INTO "kb_title_word" ("word")
      SELECT DISTINCT unnest(tsvector_to_array("title_vector")) FROM "kb_article"
      ON CONFLICT DO NOTHING`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "kb_title_word_on_update" ON "kb_article"`);
    await queryRunner.query(`DROP TRIGGER "kb_title_word_on_insert" ON "kb_article"`);
    await queryRunner.query(`DROP FUNCTION "kb_title_word_collect"()`);
    await queryRunner.query(`DROP FUNCTION "kb_title_word_collect_rows"()`);
    await queryRunner.query(`DROP TABLE "kb_title_word"`);
    await queryRunner.query(
      `CREATE INDEX "kb_article_title_trgm_idx" ON "kb_article" USING gin ("title_search" gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "kb_article_title_vector_idx" ON "kb_article" USING gin ("title_vector")`,
    );
    await queryRunner.query(
      `CREATE INDEX "kb_article_search_idx" ON "kb_article" USING gin ("search_vector")`,
    );
    await queryRunner.query(`DROP INDEX "kb_article_published_title_idx"`);
    await queryRunner.query(`DROP INDEX "kb_article_published_search_idx"`);
  }
}
