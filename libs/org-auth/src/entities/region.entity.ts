import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The regency this deployment serves: exactly one row. */
@Entity('region')
export class Region {
  @PrimaryColumn({ type: 'smallint', default: 1 })
  id: number;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  dinasName: string;

  @Column({ type: 'text' })
  timezone: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
