import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A Tier 2 team at the Dinas; the one with `security` is the CSIRT. */
@Entity('team')
@Index('team_single_security_idx', ['security'], { unique: true, where: 'security' })
export class Team {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('team_code_key', { unique: true })
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'boolean', default: false })
  security: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
