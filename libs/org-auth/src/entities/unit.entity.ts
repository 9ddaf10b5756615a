import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum UnitKind {
  Pd = 'pd',
  Dinas = 'dinas',
}

/** A Perangkat Daerah (PD) or the Dinas (exactly one). */
@Entity('unit')
@Index('unit_single_dinas_idx', ['kind'], { unique: true, where: "kind = 'dinas'" })
export class Unit {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('unit_code_key', { unique: true })
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: UnitKind;

  @Column({ type: 'boolean', default: false })
  mandiriTik: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
