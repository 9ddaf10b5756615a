import type {
  DeliveryStatusName,
  MailStatusName,
  ReportDelivery,
  ReportDeliveryAttempt,
  ReportDeliveryMail,
  ReportFrequency,
  ReportRecipient,
  ReportSchedule,
  ReportSubscription,
  ReportSubscriptionScope,
} from '@desk/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SubscriptionScopeView implements ReportSubscriptionScope {
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  unitId: string | null;

  @ApiProperty({ nullable: true, type: String })
  unitName: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  teamId: string | null;

  @ApiProperty({ nullable: true, type: String })
  teamName: string | null;

  @ApiProperty()
  regencyWide: boolean;
}

export class RecipientView implements ReportRecipient {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  userId: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The address mail goes to (null: user inactive)',
  })
  email: string | null;

  @ApiProperty({ nullable: true, type: String })
  name: string | null;
}

export class SendNowPeriodView {
  @ApiProperty({ enum: ['previous', 'current'] }) period: 'previous' | 'current';
  @ApiProperty({ description: 'The period in the reader’s language, e.g. "Minggu 23 - 29 Nov 2026"' })
  label: string;
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
}

export class ScheduleView implements ReportSchedule {
  @ApiProperty({ example: '0 7 1 * *', description: 'Cron pattern (minute hour day month weekday)' })
  pattern: string;

  @ApiProperty({ example: 'Asia/Makassar' })
  timezone: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  nextRunAt: string | null;
}

export class ReportSubscriptionView implements ReportSubscription {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: SubscriptionScopeView })
  scope: SubscriptionScopeView;

  @ApiProperty({ enum: ['daily', 'weekly', 'monthly', 'semester', 'yearly'] })
  frequency: ReportFrequency;

  @ApiProperty({ example: '07:00' })
  sendAt: string;

  @ApiProperty({ type: ScheduleView })
  schedule: ScheduleView;

  @ApiProperty({ type: [RecipientView] })
  recipients: RecipientView[];

  @ApiProperty()
  active: boolean;

  @ApiProperty({ type: [SendNowPeriodView], description: 'What send-now would send, for each choice' })
  sendNowPeriods: SendNowPeriodView[];

  @ApiProperty({ format: 'uuid' })
  createdById: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class DeliveryAttemptView implements ReportDeliveryAttempt {
  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ enum: ['mailed', 'error'] })
  outcome: 'mailed' | 'error';

  @ApiProperty({ description: 'In English; the UI words a mailed attempt from `recipients`' })
  detail: string;

  @ApiPropertyOptional({ type: [String], description: 'A mailed attempt: the addresses written to' })
  recipients?: string[];
}

export class DeliveryMailView implements ReportDeliveryMail {
  @ApiProperty()
  recipient: string;

  @ApiProperty({ enum: ['held', 'queued', 'sending', 'sent', 'failed'] })
  status: MailStatusName;

  @ApiProperty()
  attempts: number;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  sentAt: string | null;

  @ApiProperty({ nullable: true, type: String })
  lastError: string | null;
}

export class ReportDeliveryView implements ReportDelivery {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  subscriptionId: string;

  @ApiProperty({ enum: ['schedule', 'manual'] })
  trigger: 'schedule' | 'manual';

  @ApiProperty({ format: 'date-time' })
  periodStart: string;

  @ApiProperty({ format: 'date-time', description: 'Exclusive' })
  periodEnd: string;

  @ApiProperty({ example: 'Februari 2026' })
  periodLabel: string;

  @ApiProperty({ enum: ['pending', 'mailed', 'failed'], description: 'mailed: written to the mail outbox' })
  status: DeliveryStatusName;

  @ApiProperty()
  attempts: number;

  @ApiProperty({ type: [DeliveryAttemptView] })
  attemptLog: DeliveryAttemptView[];

  @ApiProperty({ nullable: true, type: String })
  lastError: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  requestedById: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  mailedAt: string | null;

  @ApiProperty({ type: [DeliveryMailView], description: 'One mail per recipient, with its SMTP status' })
  mails: DeliveryMailView[];
}
