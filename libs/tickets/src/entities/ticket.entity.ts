import { Category, Desk, Team, Unit, User } from '@desk/org-auth';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

export enum TicketKind {
  Complaint = 'complaint',
  Incident = 'incident',
  Problem = 'problem',
  Request = 'request',
  Change = 'change',
}

export enum TicketStatus {
  New = 'new',
  Assigned = 'assigned',
  InProgress = 'in_progress',
  Pending = 'pending',
  Resolved = 'resolved',
  Closed = 'closed',
  Cancelled = 'cancelled',
}

export enum Priority {
  P1 = 'P1',
  P2 = 'P2',
  P3 = 'P3',
  P4 = 'P4',
}

export enum Channel {
  Web = 'web',
  Phone = 'phone',
  Email = 'email',
  WalkIn = 'walk_in',
  Chat = 'chat',
}

/** Far-future sort key for tickets without a running clock, so keyset pagination never meets NULL. */
export const NO_DUE = 'infinity';

@Entity('ticket')
@Index('ticket_unit_queue_idx', ['unitId', 'queueDueAt', 'id'])
@Index('ticket_team_queue_idx', ['teamId', 'queueDueAt', 'id'], { where: 'team_id IS NOT NULL' })
@Index('ticket_queue_idx', ['queueDueAt', 'id'])
@Index('ticket_escalated_queue_idx', ['queueDueAt', 'id'], { where: 'escalated_at IS NOT NULL' })
// A trigram index for `q` title search, created by hand in a migration (TypeORM cannot describe it).
@Index('ticket_title_trgm_idx', { synchronize: false })
// Open tickets of one Tier 2 team / one Tier 1 desk in due order, INCLUDE (status, assignee_id): the
// work-queue counts and "claim next" (migration AddTicketEscalation; TypeORM cannot describe INCLUDE).
@Index('ticket_team_open_idx', { synchronize: false })
@Index('ticket_desk_open_idx', { synchronize: false })
// Read by the SLA report (libs/reports); the covering (INCLUDE) and expression indexes are created by
// hand in migrations AddSlaReportIndexes and CoverSlaReportIndexes.
@Index('ticket_team_created_idx', ['teamId', 'createdAt'], { where: 'team_id IS NOT NULL' })
@Index('ticket_team_resolved_idx', ['teamId', 'resolvedAt'], {
  where: 'team_id IS NOT NULL AND resolved_at IS NOT NULL',
})
@Index('ticket_report_created_idx', { synchronize: false })
@Index('ticket_report_resolved_idx', { synchronize: false })
@Index('ticket_report_open_at_idx', { synchronize: false })
@Index('ticket_requester_created_idx', ['requesterId', 'createdAt', 'id'])
@Index('ticket_unit_created_idx', ['unitId', 'createdAt', 'id'])
@Index('ticket_created_idx', ['createdAt', 'id'])
@Index('ticket_assignee_idx', ['assigneeId'], { where: 'assignee_id IS NOT NULL' })
@Index('ticket_auto_close_idx', ['autoCloseAt'], { where: "status = 'resolved'" })
@Index('ticket_idempotency_key', ['createdById', 'idempotencyKey'], {
  unique: true,
  where: 'idempotency_key IS NOT NULL',
})
export class Ticket {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ticket_number_key', { unique: true })
  @Column({ type: 'text' })
  number: string;

  @Column({ type: 'text' })
  kind: TicketKind;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'uuid', nullable: true })
  categoryId: string | null;

  @ManyToOne(() => Category, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'ticket_category_id_fkey' })
  category?: Category;

  @Column({ type: 'smallint' })
  impact: number;

  @Column({ type: 'smallint' })
  urgency: number;

  @Column({ type: 'text' })
  priority: Priority;

  @Column({ type: 'text', default: Channel.Web })
  channel: Channel;

  @Column({ type: 'uuid' })
  requesterId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'requester_id', foreignKeyConstraintName: 'ticket_requester_id_fkey' })
  requester?: User;

  @Column({ type: 'uuid' })
  createdById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'ticket_created_by_id_fkey' })
  createdBy?: User;

  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'ticket_unit_id_fkey' })
  unit?: Unit;

  @Column({ type: 'uuid' })
  deskId: string;

  @ManyToOne(() => Desk, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'desk_id', foreignKeyConstraintName: 'ticket_desk_id_fkey' })
  desk?: Desk;

  @Column({ type: 'smallint', default: 1 })
  tier: number;

  @Column({ type: 'uuid', nullable: true })
  teamId: string | null;

  @ManyToOne(() => Team, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'ticket_team_id_fkey' })
  team?: Team;

  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'ticket_assignee_id_fkey' })
  assignee?: User;

  /** The last Tier 1 agent, so a ticket returned from Tier 2 goes back to them. */
  @Column({ type: 'uuid', nullable: true })
  tier1AssigneeId: string | null;

  @Column({ type: 'text' })
  status: TicketStatus;

  @Column({ type: 'text', nullable: true })
  pendingReason: string | null;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  firstResponseAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  escalatedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  pendingSince: Date | null;

  /** When a pending ticket resumes by itself (null: it waits for someone to resume it). */
  @Column({ type: 'timestamptz', nullable: true })
  pendingUntil: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  autoCloseAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  responseDueAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolutionDueAt: Date | null;

  /** The nearest due time of a running clock (`infinity` when none): the queue's sort key. */
  @Column({ type: 'timestamptz', default: () => `'${NO_DUE}'` })
  queueDueAt: Date;

  @Column({ type: 'smallint', nullable: true })
  ratingScore: number | null;

  @Column({ type: 'text', nullable: true })
  ratingComment: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  ratedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  idempotencyKey: string | null;

  /** SHA-256 of the request body created under `idempotencyKey` (a reuse with another body is 409). */
  @Column({ type: 'text', nullable: true })
  idempotencyHash: string | null;

  @VersionColumn({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
