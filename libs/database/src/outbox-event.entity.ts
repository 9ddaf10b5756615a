import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A side effect waiting to leave PostgreSQL. Written in the transaction that caused it; the worker's
 * relay moves it to BullMQ and stamps `publishedAt`.
 */
@Entity('outbox_event')
@Index('outbox_event_unpublished_idx', ['id'], { where: 'published_at IS NULL' })
@Index('outbox_event_incident_idx', ['id'], { where: "aggregate_type = 'incident'" })
export class OutboxEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text' })
  aggregateType: string;

  @Column({ type: 'uuid' })
  aggregateId: string;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  payload: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;
}

export interface OutboxEventInput {
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload?: Record<string, unknown>;
}
