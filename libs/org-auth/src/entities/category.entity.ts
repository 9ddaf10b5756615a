import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  JoinColumn,
  ManyToOne,
} from 'typeorm';
import { Team } from './team.entity';

/** What a ticket is about; usually routed to a Tier 2 team for escalation. */
@Entity('category')
export class Category {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('category_code_key', { unique: true })
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  /** The team escalations go to when Tier 1 names none; null: no route (Tier 1 must name one). */
  @Column({ type: 'uuid', nullable: true })
  teamId: string | null;

  @ManyToOne(() => Team, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'category_team_id_fkey' })
  team?: Team;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
