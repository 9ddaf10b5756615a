import { Team, User } from '@desk/org-auth';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Ticket } from './ticket.entity';

/**
 * One escalation of a ticket from its PD's Tier 1 desk to a Tier 2 team, and its return. At most
 * one is open (not returned) per ticket: a partial unique index makes a double escalation fail even
 * when two paths (an agent and the SLA engine) race.
 */
@Entity('ticket_escalation')
@Index('ticket_escalation_ticket_idx', ['ticketId', 'escalatedAt'])
@Index('ticket_escalation_open_key', ['ticketId'], { unique: true, where: 'returned_at IS NULL' })
@Index('ticket_escalation_team_idx', ['teamId', 'escalatedAt'])
export class TicketEscalation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  ticketId: string;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'ticket_escalation_ticket_id_fkey' })
  ticket?: Ticket;

  @Column({ type: 'uuid' })
  teamId: string;

  @ManyToOne(() => Team, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'ticket_escalation_team_id_fkey' })
  team?: Team;

  @Column({ type: 'text' })
  reason: string;

  /** True when the SLA engine escalated on a breach. */
  @Column({ type: 'boolean', default: false })
  automatic: boolean;

  /** Null when the system escalated. */
  @Column({ type: 'uuid', nullable: true })
  escalatedById: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'escalated_by_id', foreignKeyConstraintName: 'ticket_escalation_escalated_by_id_fkey' })
  escalatedBy?: User;

  @Column({ type: 'timestamptz' })
  escalatedAt: Date;

  /** When the worker recorded the routing to the team's queue (and asked for team notifications). */
  @Column({ type: 'timestamptz', nullable: true })
  routedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  returnedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  returnedById: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'returned_by_id', foreignKeyConstraintName: 'ticket_escalation_returned_by_id_fkey' })
  returnedBy?: User;

  @Column({ type: 'text', nullable: true })
  returnNotes: string | null;
}
