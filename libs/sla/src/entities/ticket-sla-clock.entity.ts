import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CalendarKind, ClockName } from '../sla.types';

/**
 * One SLA clock of a ticket. PostgreSQL is the source of truth for every deadline: `next_fire_at` is
 * the instant of the next unfired step (warning, ladder level or breach), NULL when none is left or
 * the clock is met, stopped or paused; BullMQ timers and the reconciliation both start from it.
 */
@Entity('ticket_sla_clock')
// Indexes of the SLA report (libs/reports migrations AddSlaReportIndexes, AddSlaClockReportIndexes; the
// covering ones are created by hand).
@Index('ticket_sla_clock_breached_idx', ['breachedAt'], { where: 'breached_at IS NOT NULL' })
@Index('ticket_sla_clock_started_report_idx', { synchronize: false })
@Index('ticket_sla_clock_met_report_idx', { synchronize: false })
@Index('ticket_sla_clock_fire_idx', ['nextFireAt'], { where: 'next_fire_at IS NOT NULL' })
export class TicketSlaClockEntity {
  @PrimaryColumn({ type: 'uuid' })
  ticketId: string;

  @PrimaryColumn({ type: 'text' })
  clock: ClockName;

  @Column({ type: 'uuid', nullable: true })
  policyId: string | null;

  @Column({ type: 'text' })
  calendar: CalendarKind;

  @Column({ type: 'int' })
  targetSeconds: number;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'timestamptz' })
  warnAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  warnedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  breachedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  metAt: Date | null;

  /** Set while the ticket is pending. */
  @Column({ type: 'timestamptz', nullable: true })
  pausedAt: Date | null;

  /** Set when the ticket was cancelled or closed, or left Tier 2, before the clock was met. */
  @Column({ type: 'timestamptz', nullable: true })
  stoppedAt: Date | null;

  /** Working seconds from start to met, pauses excluded (reports average it in SQL). */
  @Column({ type: 'int', nullable: true })
  businessSeconds: number | null;

  /** Ladder levels fired so far. */
  @Column({ type: 'int', default: 0 })
  ladderLevel: number;

  @Column({ type: 'timestamptz', nullable: true })
  nextLadderAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  nextFireAt: Date | null;

  /** Bumped whenever the clock's instants change: timers of an older revision are stale. */
  @Column({ type: 'int', default: 1 })
  revision: number;
}
