import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  JoinColumn,
  ManyToOne,
} from 'typeorm';
import { Unit } from './unit.entity';

export enum Role {
  Requester = 'requester',
  Tier1 = 'tier1',
  Tier2 = 'tier2',
  Csirt = 'csirt',
  Supervisor = 'supervisor',
  UnitHead = 'unit_head',
  Admin = 'admin',
}

export const ALL_ROLES = Object.values(Role);

@Entity('app_user')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** Stored lower-case, so the unique index makes emails unique regardless of case. */
  @Index('app_user_email_key', { unique: true })
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text', select: false })
  passwordHash: string;

  @Column({ type: 'varchar', length: 18, nullable: true })
  nip: string | null;

  /** Where the requester can be reached: shown to agents on the requester's tickets. */
  @Column({ type: 'varchar', length: 30, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  locationRoom: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  locationFloor: string | null;

  @Index('app_user_unit_id_idx')
  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'app_user_unit_id_fkey' })
  unit?: Unit;

  @Column({ type: 'text', array: true })
  roles: Role[];

  @Column({ type: 'text', default: 'id' })
  locale: string;

  /** Notification switches by kind (`{ slaWarned: false }`); absent means on. */
  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  notificationPreferences: Record<string, boolean>;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Carried in access tokens; raised on a password change or reset, deactivation or role change. */
  @Column({ type: 'integer', default: 0, select: false })
  sessionVersion: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
