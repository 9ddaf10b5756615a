import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `app_user.session_version` is carried in every access token; bumping it (password change or reset,
 * deactivation, role change) ends the user's earlier tokens. `password_reset` keeps the SHA-256 of
 * each mailed reset token (never the token), its expiry and when it was used (single use).
 */
export class SessionVersionsAndPasswordResets1796100000000 implements MigrationInterface {
  name = 'SessionVersionsAndPasswordResets1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "app_user" ADD "session_version" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`
      CREATE TABLE "password_reset" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "token_hash" text NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "used_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "password_reset_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "password_reset_token_hash_key" UNIQUE ("token_hash"),
        CONSTRAINT "password_reset_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "password_reset_user_id_idx" ON "password_reset" ("user_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "password_reset"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "session_version"`);
  }
}
