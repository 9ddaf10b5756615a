import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Changes and problems may link security incidents (confidential: who sees a link is decided by the
 * incident's own scope when it is read), and a known error records the KB article that publishes its
 * workaround (one article per problem).
 */
export class LinkIncidentsAndKnownErrorArticles1796420000000 implements MigrationInterface {
  name = 'LinkIncidentsAndKnownErrorArticles1796420000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "problem_incident" (
        "problem_id" uuid NOT NULL REFERENCES "problem"("id") ON DELETE CASCADE,
        "incident_id" uuid NOT NULL REFERENCES "security_incident"("id") ON DELETE CASCADE,
        PRIMARY KEY ("problem_id", "incident_id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_problem_incident_incident" ON "problem_incident" ("incident_id")`,
    );
    await queryRunner.query(`
      CREATE TABLE "change_incident" (
        "change_id" uuid NOT NULL REFERENCES "change_request"("id") ON DELETE CASCADE,
        "incident_id" uuid NOT NULL REFERENCES "security_incident"("id") ON DELETE CASCADE,
        PRIMARY KEY ("change_id", "incident_id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_change_incident_incident" ON "change_incident" ("incident_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "problem" ADD COLUMN "kb_article_id" uuid UNIQUE REFERENCES "kb_article"("id") ON DELETE SET NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "problem" DROP COLUMN "kb_article_id"`);
    await queryRunner.query(`DROP TABLE "change_incident"`);
    await queryRunner.query(`DROP TABLE "problem_incident"`);
  }
}
