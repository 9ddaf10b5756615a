import { Team, Unit, User } from '@desk/org-auth';
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
import type { Frequency } from '../report-period';

/** A user picked by id (their address and language are read at send time) or a plain address. */
export type ReportRecipient = { userId: string } | { email: string };

/** Recipients of a report on a schedule; the scope is a PD, a Tier 2 team, both, or the regency. */
@Entity('report_subscription')
@Index('report_subscription_unit_idx', ['unitId', 'createdAt'])
export class ReportSubscription {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'report_subscription_pkey' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'uuid' })
  createdById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'report_subscription_created_by_id_fkey' })
  createdBy?: User;

  @Column({ type: 'uuid', nullable: true })
  unitId: string | null;

  @ManyToOne(() => Unit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'report_subscription_unit_id_fkey' })
  unit?: Unit;

  @Column({ type: 'uuid', nullable: true })
  teamId: string | null;

  @ManyToOne(() => Team, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'report_subscription_team_id_fkey' })
  team?: Team;

  /** The Bupati's summary: every PD side by side. */
  @Column({ type: 'boolean', default: false })
  regencyWide: boolean;

  @Column({ type: 'text' })
  frequency: Frequency;

  /** Local time of day (HH:MM, region time zone). */
  @Column({ type: 'text' })
  sendAt: string;

  @Column({ type: 'jsonb' })
  recipients: ReportRecipient[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
