import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  JoinColumn,
  ManyToOne,
} from 'typeorm';
import { Unit } from './unit.entity';

/** A PD's Tier 1 service desk, created together with the PD. */
@Entity('desk')
export class Desk {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('desk_unit_id_key', { unique: true })
  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'desk_unit_id_fkey' })
  unit?: Unit;

  @Column({ type: 'text' })
  name: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
