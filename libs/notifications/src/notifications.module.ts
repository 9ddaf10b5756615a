import { OrgAuthModule } from '@desk/org-auth';
import { SlaModule } from '@desk/sla';
import { Module } from '@nestjs/common';
import { MailOutbox } from './mail-outbox';
import { MailSender } from './mail-sender.service';
import { MailTiming } from './mail-timing';
import { MailRepository } from './mail.repository';
import { NotificationPreferencesService } from './notification-preferences.service';
import { NotificationRepository } from './notification.repository';
import { NotificationService } from './notification.service';
import { PasswordResetMailer } from './password-reset.mailer';

const PROVIDERS = [
  MailOutbox,
  MailRepository,
  MailSender,
  MailTiming,
  NotificationRepository,
  NotificationService,
  NotificationPreferencesService,
  PasswordResetMailer,
];

@Module({
  imports: [OrgAuthModule, SlaModule],
  providers: [...PROVIDERS],
  exports: [...PROVIDERS],
})
export class NotificationsModule {}
