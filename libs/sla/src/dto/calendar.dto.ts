import { ApiProperty } from '@nestjs/swagger';
import { IsDefined } from 'class-validator';
import type { Holiday, WeeklyHours } from '../business-time';

/** The whole calendar; its fields are validated in depth by the service (each bad entry named). */
export class CalendarDto {
  @ApiProperty({ example: 'Asia/Makassar', description: "IANA time zone: the region's" })
  @IsDefined({ message: 'timezone is required' })
  timezone: string;

  @ApiProperty({
    example: { mon: [['07:30', '16:00']], fri: [['07:30', '16:30']], sat: [], sun: [] },
    description: 'Working periods per weekday (local time); a missing weekday has none',
  })
  @IsDefined({ message: 'hours is required' })
  hours: WeeklyHours;

  @ApiProperty({ example: [{ date: '2026-08-17', name: 'Proklamasi Kemerdekaan' }] })
  @IsDefined({ message: 'holidays is required' })
  holidays: Holiday[];
}
