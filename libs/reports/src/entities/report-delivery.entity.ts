import type { ReportDeliveryAttempt } from '@desk/contracts';
import { User } from '@desk/org-auth';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { ReportSubscription } from './report-subscription.entity';

export enum DeliveryStatus {
  /** Not built yet, or its last attempt failed and the queue retries it. */
  Pending = 'pending',
  /** The report was built and its mail written to the outbox (which sends it once). */
  Mailed = 'mailed',
  /** Out of attempts. */
  Failed = 'failed',
}

export type DeliveryAttempt = ReportDeliveryAttempt;

/**
 * One report for one period of one subscription. The dedupe key
 * `report-deliver_<subscriptionId>_<periodStart>` is unique, so a period is delivered once whatever
 * fires it (scheduler, catch-up, a second worker); send-now rows get a key of their own.
 */
@Entity('report_delivery')
@Index('report_delivery_subscription_idx', ['subscriptionId', 'createdAt'])
export class ReportDelivery {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'report_delivery_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  subscriptionId: string;

  @ManyToOne(() => ReportSubscription, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscription_id', foreignKeyConstraintName: 'report_delivery_subscription_id_fkey' })
  subscription?: ReportSubscription;

  @Column({ type: 'text' })
  trigger: 'schedule' | 'manual';

  @Column({ type: 'timestamptz' })
  periodStart: Date;

  @Column({ type: 'timestamptz' })
  periodEnd: Date;

  @Index('report_delivery_dedupe_key', { unique: true })
  @Column({ type: 'text' })
  dedupeKey: string;

  @Column({ type: 'text', default: DeliveryStatus.Pending })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  attemptLog: DeliveryAttempt[];

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'uuid', nullable: true })
  requestedById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'requested_by_id', foreignKeyConstraintName: 'report_delivery_requested_by_id_fkey' })
  requestedBy?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  mailedAt: Date | null;
}
