import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Ticket } from './ticket.entity';

/**
 * Append-only audit of every change to a ticket: who, when, what, old and new values. A trigger in
 * the migration rejects UPDATE and DELETE on this table.
 */
@Entity('ticket_event')
@Index('ticket_event_ticket_idx', ['ticketId', 'id'])
export class TicketEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  ticketId: string;

  @ManyToOne(() => Ticket, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'ticket_event_ticket_id_fkey' })
  ticket?: Ticket;

  /** Null when the system acted (auto-close, SLA). */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'text' })
  action: string;

  /** `{field: {from, to}}` for every changed field. */
  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  changes: Record<string, { from: unknown; to: unknown }>;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** A system reason as a code (`sla_breached`, `sla_ladder`), rendered in each reader's language. */
  @Column({ type: 'text', nullable: true })
  reasonCode: string | null;

  /** The reason's parameters (`clock`, `priority`, `dueAt`). */
  @Column({ type: 'jsonb', nullable: true })
  reasonParams: Record<string, string | number> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
