import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An admin may take a category's route away (`PATCH /categories/{id}` with `teamId: null`): Tier 1
 * then names the team when escalating, as for a ticket without a category. Escalation already reads
 * a missing route as "no team". `down` refuses while some category has no route.
 */
export class AllowUnroutedCategories1796000000000 implements MigrationInterface {
  name = 'AllowUnroutedCategories1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "category" ALTER COLUMN "team_id" DROP NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "category" ALTER COLUMN "team_id" SET NOT NULL`);
  }
}
