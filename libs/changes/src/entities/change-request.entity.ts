import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum ChangeType {
  Standard = 'standard',
  Normal = 'normal',
  Emergency = 'emergency',
}

export enum ChangeRisk {
  Low = 'low',
  Medium = 'medium',
  High = 'high',
}

/** The SPBE change phases in their order, then the two ends outside it. */
export enum ChangePhase {
  Planning = 'planning',
  Analysis = 'analysis',
  Approval = 'approval',
  Development = 'development',
  Implementation = 'implementation',
  Monitoring = 'monitoring',
  Evaluation = 'evaluation',
  Closed = 'closed',
  Rejected = 'rejected',
  Cancelled = 'cancelled',
}

export enum ApprovalStatus {
  /** Not asked for yet. */
  None = 'none',
  Pending = 'pending',
  Approved = 'approved',
  Rejected = 'rejected',
  /** A standard change made from an approved standard template. */
  NotRequired = 'not_required',
}

export interface ChangeReview {
  successful: boolean;
  incidentsCaused: number;
  lessons: string;
}

/** A change to SPBE infrastructure or applications, owned by a PD or by the Dinas. */
@Entity('change_request')
export class ChangeRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  number: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'text' })
  type: ChangeType;

  @Column({ type: 'uuid' })
  owningUnitId: string;

  @Column({ type: 'uuid' })
  requesterId: string;

  @Column({ type: 'uuid' })
  createdById: string;

  /** The approved standard change this one repeats (skips approval). */
  @Column({ type: 'uuid', nullable: true })
  templateId: string | null;

  @Column({ type: 'text', array: true, default: '{}' })
  systems: string[];

  /** Further PDs whose services the change touches (their Tier 1 desks are told before the window). */
  @Column({ type: 'uuid', array: true, default: '{}' })
  affectedUnitIds: string[];

  @Column({ type: 'text' })
  risk: ChangeRisk;

  @Column({ type: 'text', default: '' })
  impactAssessment: string;

  @Column({ type: 'text', default: '' })
  implementationPlan: string;

  @Column({ type: 'text', default: '' })
  rollbackPlan: string;

  @Column({ type: 'timestamptz' })
  plannedStart: Date;

  @Column({ type: 'timestamptz' })
  plannedEnd: Date;

  @Column({ type: 'text', default: ChangePhase.Planning })
  phase: ChangePhase;

  @Column({ type: 'text', default: ApprovalStatus.None })
  approvalStatus: ApprovalStatus;

  @Column({ type: 'timestamptz', nullable: true })
  approvalRequestedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;

  @Column({ type: 'text', nullable: true })
  decisionReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  review: ChangeReview | null;

  @Column({ type: 'timestamptz', nullable: true })
  implementedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** Bumped whenever the window or its being scheduled changes; the pre-window notice names it. */
  @Column({ type: 'int', default: 1 })
  windowRevision: number;

  /** The window revision the affected desks were told about (once per revision). */
  @Column({ type: 'int', nullable: true })
  windowNoticedRevision: number | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
