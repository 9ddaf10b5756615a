/**
 * Mail: the outbox (`MailOutbox.add(em, ...)` inside the caller's transaction), its SMTP sender, the
 * notifications that outbox events cause, mail templates and users' notification preferences.
 */
export * from './dto/preferences.dto';
export * from './entities';
export * from './mail-outbox';
export * from './mail-sender.service';
export * from './mail-timing';
export * from './mail.repository';
export * from './notification-kind';
export * from './notification-preferences.service';
export * from './notification.repository';
export * from './notification.service';
export * from './notifications.errors';
export * from './notifications.module';
export * from './password-reset.mailer';
export * from './templates/mail-layout';
export * from './templates/notification-templates';
