import { AppConfig } from '@desk/config';
import { TransactionRunner } from '@desk/database';
import { AuthService } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { MailOutbox } from './mail-outbox';
import { asLocale, layout } from './templates/mail-layout';

/** The mail kind of password-reset links (never held for working hours: the link lasts 30 minutes). */
export const PASSWORD_RESET_MAIL_KIND = 'account.password_reset';

/**
 * `POST /auth/password-reset`: records the reset and writes its mail in one transaction. Unknown or
 * deactivated emails write nothing, and the caller answers the same either way.
 */
@Injectable()
export class PasswordResetMailer {
  constructor(
    private readonly auth: AuthService,
    private readonly outbox: MailOutbox,
    private readonly tx: TransactionRunner,
    private readonly config: AppConfig,
  ) {}

  async request(email: string): Promise<void> {
    await this.tx.run(async (em) => {
      const grant = await this.auth.createPasswordReset(em, email);
      if (!grant) return;
      const en = asLocale(grant.locale) === 'en';
      const url = `${this.config.appUrl}/reset-password?token=${encodeURIComponent(grant.token)}`;
      const body = layout({
        locale: asLocale(grant.locale),
        title: en ? 'Reset your password' : 'Atur ulang kata sandi',
        greeting: en ? `Hello ${grant.name},` : `Yth. ${grant.name},`,
        paragraphs: en
          ? [
              'Someone (hopefully you) asked to reset the password of your SPBE Service Desk account.',
              'The link works once, for 30 minutes. If you did not ask, ignore this mail: your password stays as it is.',
            ]
          : [
              'Ada permintaan (semoga dari Anda) untuk mengatur ulang kata sandi akun SPBE Service Desk Anda.',
              'Tautan ini hanya dapat dipakai sekali, selama 30 menit. Jika Anda tidak memintanya, abaikan surel ini: kata sandi Anda tidak berubah.',
            ],
        action: { label: en ? 'Choose a new password' : 'Buat kata sandi baru', url },
        footer: en ? 'This mail was sent by SPBE Service Desk.' : 'Surel ini dikirim oleh SPBE Service Desk.',
      });
      await this.outbox.add(em, [
        {
          kind: PASSWORD_RESET_MAIL_KIND,
          to: grant.email,
          userId: grant.userId,
          subject: en ? 'Reset your SPBE Service Desk password' : 'Atur ulang kata sandi SPBE Service Desk',
          html: body.html,
          text: body.text,
          dedupeKey: `password-reset:${grant.userId}:${grant.expiresAt.getTime()}:${grant.token.slice(0, 8)}`,
          aggregateType: 'user',
          aggregateId: grant.userId,
        },
      ]);
    });
  }
}
