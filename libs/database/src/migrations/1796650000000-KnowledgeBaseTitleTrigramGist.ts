import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The knowledge base's typo match takes the titles closest to the query in word similarity
 * (`ORDER BY query <<-> title_search`), which only a GiST trigram index can hand out in order; the
 * GIN trigram index could only filter by a threshold, and its matches came in no useful order.
 */
export class KnowledgeBaseTitleTrigramGist1796650000000 implements MigrationInterface {
  name = 'KnowledgeBaseTitleTrigramGist1796650000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "kb_article_title_trgm_gist_idx" ON "kb_article" USING gist ("title_search" gist_trgm_ops)`,
    );
    await queryRunner.query(`DROP INDEX "kb_article_title_trgm_idx"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "kb_article_title_trgm_idx" ON "kb_article" USING gin ("title_search" gin_trgm_ops)`,
    );
    await queryRunner.query(`DROP INDEX "kb_article_title_trgm_gist_idx"`);
  }
}
