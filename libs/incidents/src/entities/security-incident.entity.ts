import { Unit, User } from '@desk/org-auth';
import { Ticket } from '@desk/tickets';
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { IncidentCategory, IncidentPhase, IncidentSeverity, Tlp } from '../incident.types';

/**
 * A security incident. Confidential: only its reporter, CSIRT and supervisors ever read it (the
 * repository's scope). The acknowledgement clock (`ackDueAt`, `acknowledgedAt`, `ackBreachedAt`)
 * is fired by the SLA timers; `ackRevision` makes a timer of an older due time stale.
 */
@Entity('security_incident')
export class SecurityIncident {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  number: string;

  @Column({ type: 'uuid' })
  reporterId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reporter_id', foreignKeyConstraintName: 'security_incident_reporter_id_fkey' })
  reporter?: User;

  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'security_incident_unit_id_fkey' })
  unit?: Unit;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'text' })
  category: IncidentCategory;

  @Column({ type: 'text' })
  severity: IncidentSeverity;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  affectedSystems: string[];

  @Column({ type: 'timestamptz' })
  detectedAt: Date;

  @Column({ type: 'boolean', default: false })
  dataSecured: boolean;

  @Column({ type: 'text', nullable: true })
  containmentActions: string | null;

  @Column({ type: 'text', default: 'reported' })
  phase: IncidentPhase;

  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'security_incident_assignee_id_fkey' })
  assignee?: User;

  @Column({ type: 'text', default: 'amber' })
  tlp: Tlp;

  @Column({ type: 'text', nullable: true })
  bssnReference: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  bssnReportedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  lessonsLearned: string | null;

  @Column({ type: 'uuid', nullable: true })
  linkedTicketId: string | null;

  @ManyToOne(() => Ticket, { onDelete: 'SET NULL' })
  @JoinColumn({
    name: 'linked_ticket_id',
    foreignKeyConstraintName: 'security_incident_linked_ticket_id_fkey',
  })
  linkedTicket?: Ticket;

  @Column({ type: 'timestamptz' })
  ackDueAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  ackBreachedAt: Date | null;

  @Column({ type: 'int', default: 1 })
  ackRevision: number;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
