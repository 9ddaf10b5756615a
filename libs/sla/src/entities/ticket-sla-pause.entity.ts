import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Pause log of a ticket's clocks: `pending` periods, and the time a ticket spent resolved before it was
 * reopened. Due times are recomputed from it, so no pause is ever lost.
 */
@Entity('ticket_sla_pause')
@Index('ticket_sla_pause_ticket_idx', ['ticketId', 'startedAt'])
export class TicketSlaPauseEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  ticketId: string;

  @Column({ type: 'text' })
  reason: 'pending' | 'resolved';

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}
