import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CalendarKind, LadderLevel } from '../sla.types';

/** Targets for tickets of a kind and priority (null = any); the most specific match wins. */
@Entity('sla_policy')
export class SlaPolicyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  kind: string | null;

  @Column({ type: 'text', nullable: true })
  priority: string | null;

  /** ISO 8601 durations as the admin wrote them, and their length in seconds of calendar time. */
  @Column({ type: 'text' })
  responseTarget: string;

  @Column({ type: 'text' })
  resolutionTarget: string;

  @Column({ type: 'text' })
  tier2ResponseTarget: string;

  @Column({ type: 'int' })
  responseSeconds: number;

  @Column({ type: 'int' })
  resolutionSeconds: number;

  @Column({ type: 'int' })
  tier2ResponseSeconds: number;

  @Column({ type: 'text' })
  calendar: CalendarKind;

  @Column({ type: 'double precision', default: 0.75 })
  warnAt: number;

  @Column({ type: 'boolean', default: true })
  autoEscalateOnBreach: boolean;

  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  ladder: LadderLevel[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
