import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Title words by prefix: suggest spells a half-typed word out as the title words it begins, read
 * from `kb_title_word` in byte order (`COLLATE "C"`, where every word with a given prefix lies in one
 * range whatever the database's locale). See docs/knowledge-base.md.
 */
export class KnowledgeBaseTitleWordPrefix1797400000000 implements MigrationInterface {
  name = 'KnowledgeBaseTitleWordPrefix1797400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "kb_title_word_prefix_idx" ON "kb_title_word" ("word" COLLATE "C")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "kb_title_word_prefix_idx"`);
  }
}
