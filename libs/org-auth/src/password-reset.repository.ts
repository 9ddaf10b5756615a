import { sqlExecute, sqlRow } from '@desk/database';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** An open reset link, with the email of its (active) user. */
export interface OpenResetRow {
  id: string;
  userId: string;
  email: string;
}

/** Password reset links (`password_reset`), stored by the SHA-256 of their token. */
@Injectable()
export class PasswordResetRepository {
  async insert(em: EntityManager, userId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await sqlExecute(em, `INSERT INTO password_reset (user_id, token_hash, expires_at) VALUES ($1, $2, $3)`, [
      userId,
      tokenHash,
      expiresAt,
    ]);
  }

  /** The unused, unexpired link with this token hash whose user is active, or null. */
  findOpen(em: EntityManager, tokenHash: string, now: Date): Promise<OpenResetRow | null> {
    return sqlRow<OpenResetRow>(
      em,
      `SELECT r.id, r.user_id AS "userId", u.email FROM password_reset r JOIN app_user u ON u.id = r.user_id
        WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 AND u.active`,
      [tokenHash, now],
    );
  }

  /** Marks the link used, only if it still was unused: whether this call did it. */
  async markUsed(em: EntityManager, id: string, now: Date): Promise<boolean> {
    return (
      (await sqlExecute(em, `UPDATE password_reset SET used_at = $2 WHERE id = $1 AND used_at IS NULL`, [
        id,
        now,
      ])) > 0
    );
  }

  /** Ends every other open link of the user. */
  async endOpenOf(em: EntityManager, userId: string, now: Date): Promise<void> {
    await sqlExecute(em, `UPDATE password_reset SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, [
      userId,
      now,
    ]);
  }
}
