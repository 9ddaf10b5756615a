import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A title-only search vector for the knowledge base: the weight-A lexemes of `search_vector` (the
 * title's stems), kept by PostgreSQL itself, with its own GIN index. Search takes its first
 * candidates from it (a title match outranks a body match) and suggest matches half-typed titles
 * against it, so neither has to rank every body that happens to contain a common word.
 */
export class KnowledgeBaseTitleVector1796310000000 implements MigrationInterface {
  name = 'KnowledgeBaseTitleVector1796310000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "kb_article" ADD "title_vector" tsvector
         GENERATED ALWAYS AS (ts_filter("search_vector", '{a}')) STORED`,
    );
    await queryRunner.query(
      `CREATE INDEX "kb_article_title_vector_idx" ON "kb_article" USING gin ("title_vector")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "kb_article_title_vector_idx"`);
    await queryRunner.query(`ALTER TABLE "kb_article" DROP COLUMN "title_vector"`);
  }
}
