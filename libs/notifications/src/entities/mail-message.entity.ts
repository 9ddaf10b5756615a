import { User } from '@desk/org-auth';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

export enum MailStatus {
  /** Non-urgent mail waiting for working hours (`notBefore`). */
  Held = 'held',
  Queued = 'queued',
  /** Claimed by a worker until `leaseUntil`; an expired lease is claimed again. */
  Sending = 'sending',
  Sent = 'sent',
  /** Refused for good by the SMTP server, or out of attempts. */
  Failed = 'failed',
}

/**
 * One mail to one recipient, written in the transaction that caused it. The worker sends it and
 * records the outcome here: PostgreSQL, not Redis, holds the mail's state.
 */
@Entity('mail_message')
@Index('mail_message_due_idx', ['nextAttemptAt'], { where: "status = 'queued'" })
@Index('mail_message_lease_idx', ['leaseUntil'], { where: "status = 'sending'" })
@Index('mail_message_held_idx', ['notBefore'], { where: "status = 'held'" })
@Index('mail_message_aggregate_idx', ['aggregateId'], { where: 'aggregate_id IS NOT NULL' })
export class MailMessage {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'mail_message_pkey' })
  id: string;

  /** What the mail is (a notification kind such as `ticket.receipt`, or `report`). */
  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  recipient: string;

  @Column({ type: 'uuid', nullable: true })
  recipientUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'recipient_user_id', foreignKeyConstraintName: 'mail_message_recipient_user_id_fkey' })
  recipientUser?: User;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  html: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'text', default: MailStatus.Queued })
  status: MailStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  /** When the sweeper last handed the row to the queue (it offers it again after a minute). */
  @Column({ type: 'timestamptz', nullable: true })
  enqueuedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** The Message-ID header, fixed when the row is written so every resend carries the same one. */
  @Column({ type: 'text' })
  messageId: string;

  @Index('mail_message_dedupe_key', { unique: true })
  @Column({ type: 'text' })
  dedupeKey: string;

  /** What caused the mail (`ticket`, `incident`, `report_delivery`) and its id. */
  @Column({ type: 'text', nullable: true })
  aggregateType: string | null;

  @Column({ type: 'uuid', nullable: true })
  aggregateId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  notBefore: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
