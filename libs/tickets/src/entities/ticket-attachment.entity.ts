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
import { Ticket } from './ticket.entity';

/** File metadata; the bytes live on disk under the data folder at `storageKey`. */
@Entity('ticket_attachment')
@Index('ticket_attachment_ticket_idx', ['ticketId', 'createdAt'])
export class TicketAttachment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  ticketId: string;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'ticket_attachment_ticket_id_fkey' })
  ticket?: Ticket;

  @Column({ type: 'uuid' })
  uploaderId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploader_id', foreignKeyConstraintName: 'ticket_attachment_uploader_id_fkey' })
  uploader?: User;

  @Column({ type: 'text' })
  fileName: string;

  @Column({ type: 'text' })
  contentType: string;

  @Column({ type: 'int' })
  sizeBytes: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'text' })
  storageKey: string;

  @Column({ type: 'boolean', default: false })
  internal: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
