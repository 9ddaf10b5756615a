import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Holiday, WeeklyHours } from '../business-time';

/** The working calendar: one row. Its time zone is the region's (org-auth `region.timezone`). */
@Entity('business_calendar')
export class BusinessCalendarEntity {
  @PrimaryColumn({ type: 'smallint', default: 1 })
  id: number;

  @Column({ type: 'jsonb' })
  hours: WeeklyHours;

  @Column({ type: 'jsonb' })
  holidays: Holiday[];

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
