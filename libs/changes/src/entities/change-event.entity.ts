import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** One step on a change's timeline (append-only). */
@Entity('change_event')
export class ChangeEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  changeId: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  /** `created`, `updated`, `phase`, `approval-requested`, `approval-voided`, `approved`, `rejected`, `window-notice`. */
  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text', nullable: true })
  fromPhase: string | null;

  @Column({ type: 'text', nullable: true })
  toPhase: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  data: Record<string, unknown>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}

@Entity('change_ticket')
export class ChangeTicket {
  @PrimaryColumn({ type: 'uuid' })
  changeId: string;

  @PrimaryColumn({ type: 'uuid' })
  ticketId: string;
}

@Entity('change_problem')
export class ChangeProblem {
  @PrimaryColumn({ type: 'uuid' })
  changeId: string;

  @PrimaryColumn({ type: 'uuid' })
  problemId: string;
}
