import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export enum ProblemStatus {
  Open = 'open',
  Investigating = 'investigating',
  KnownError = 'known_error',
  Resolved = 'resolved',
  Closed = 'closed',
}

/** The cause behind one or more tickets. */
@Entity('problem')
export class Problem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  number: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'text', default: ProblemStatus.Open })
  status: ProblemStatus;

  @Column({ type: 'text', nullable: true })
  rootCause: string | null;

  @Column({ type: 'text', nullable: true })
  workaround: string | null;

  @Column({ type: 'text', nullable: true })
  permanentFix: string | null;

  @Column({ type: 'uuid' })
  createdById: string;

  @Column({ type: 'timestamptz', nullable: true })
  knownErrorAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

@Entity('problem_ticket')
export class ProblemTicket {
  @PrimaryColumn({ type: 'uuid' })
  problemId: string;

  @PrimaryColumn({ type: 'uuid' })
  ticketId: string;
}

/** One step on a problem's timeline (append-only). */
@Entity('problem_event')
export class ProblemEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  problemId: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  /** `created`, `updated`, `status`, `linked`. */
  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text', nullable: true })
  fromStatus: string | null;

  @Column({ type: 'text', nullable: true })
  toStatus: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  data: Record<string, unknown>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
