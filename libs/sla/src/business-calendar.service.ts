import { RefreshingValue } from '@desk/common';
import { OutboxRepository, TransactionRunner } from '@desk/database';
import { OrgRepository, RegionService } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { BusinessCalendar, CalendarMath, Holiday, WeeklyHours, WorkingCalendar } from './business-time';
import { CalendarDto } from './dto/calendar.dto';
import { DEFAULT_HOLIDAYS, DEFAULT_HOURS } from './holiday-presets';
import { SlaRepository } from './sla.repository';
import { SlaErrors } from './sla.errors';
import {
  normaliseHolidays,
  normaliseHours,
  validateHolidays,
  validateHours,
  validateTimezone,
} from './sla.validation';

/** How long a process trusts its copy of the calendar; a change made elsewhere shows within this. */
const CACHE_MS = 5_000;

/**
 * The region's working calendar: its time zone (the region's), working hours and holidays. Callers
 * get a compiled WorkingCalendar, cached briefly so filing a ticket costs no database round trip.
 */
export const CALENDAR_CHANGED_EVENT = 'sla.calendar_changed';
/** The calendar is a single row; its outbox events name it with the nil UUID. */
const CALENDAR_AGGREGATE_ID = '00000000-0000-0000-0000-000000000000';

@Injectable()
export class BusinessCalendarService {
  private readonly cached = new RefreshingValue(() => this.load(), CACHE_MS);
  /** The last compiled copy, kept when a reload finds nothing changed (it holds a day cache). */
  private last?: WorkingCalendar;

  constructor(
    private readonly repo: SlaRepository,
    private readonly org: OrgRepository,
    private readonly region: RegionService,
    private readonly tx: TransactionRunner,
    private readonly outbox: OutboxRepository,
  ) {}

  /** Drops the cached copy: the next read loads the calendar as saved (a worker told of a change). */
  forget(): void {
    this.region.forget();
    this.cached.invalidate();
  }

  /** The compiled calendar (working hours in the region's zone, holidays). */
  math(): Promise<WorkingCalendar> {
    return this.cached.get();
  }

  private async load(): Promise<WorkingCalendar> {
    const [row, timezone] = await Promise.all([this.repo.calendar(), this.region.timezone()]);
    const calendar = new WorkingCalendar({
      timezone,
      hours: row?.hours ?? DEFAULT_HOURS,
      holidays: row?.holidays ?? DEFAULT_HOLIDAYS,
    });
    // Keep the day cache of the previous copy when nothing changed (the common case).
    const same = this.last && JSON.stringify(this.last.calendar) === JSON.stringify(calendar.calendar);
    if (!same) this.last = calendar;
    return this.last!;
  }

  async timezone(): Promise<string> {
    return (await this.math()).timezone;
  }

  /** `at` itself inside working hours, else the start of the next working period. */
  async nextWorkingInstant(at: Date): Promise<Date> {
    return new Date((await this.math()).nextWorking(at.getTime()));
  }

  async isWorkingTime(at: Date): Promise<boolean> {
    return (await this.math()).isWorking(at.getTime());
  }

  async addBusinessTime(start: Date, seconds: number): Promise<Date> {
    return new Date((await this.math()).addMs(start.getTime(), seconds * 1000));
  }

  async businessSecondsBetween(a: Date, b: Date): Promise<number> {
    return (await this.math()).msBetween(a.getTime(), b.getTime()) / 1000;
  }

  async get(): Promise<BusinessCalendar & { updatedAt: string | null }> {
    const [row, timezone] = await Promise.all([this.repo.calendar(), this.region.timezone()]);
    return {
      timezone,
      hours: normaliseHours(row?.hours ?? DEFAULT_HOURS),
      holidays: row?.holidays ?? DEFAULT_HOLIDAYS,
      updatedAt: row?.updatedAt ? new Date(row.updatedAt).toISOString() : null,
    };
  }

  /** Replaces the calendar; the time zone is the region's, so it is saved on the region. */
  async put(dto: CalendarDto): Promise<BusinessCalendar & { updatedAt: string | null }> {
    const errors = [
      ...validateTimezone(dto.timezone),
      ...validateHours(dto.hours),
      ...validateHolidays(dto.holidays),
    ];
    if (errors.length) throw SlaErrors.invalid(errors);
    const hours = normaliseHours(dto.hours as WeeklyHours);
    const holidays = normaliseHolidays(dto.holidays as Holiday[]);
    await this.tx.run(async (em) => {
      await this.repo.saveCalendar(em, hours, holidays);
      const region = await this.org.region();
      if (region && region.timezone !== dto.timezone) {
        await this.org.saveRegion(
          { code: region.code, name: region.name, dinasName: region.dinasName, timezone: dto.timezone },
          em,
        );
      }
      // The workers re-place every running business-time clock: a new holiday moves due times.
      await this.outbox.add(em, [
        {
          type: CALENDAR_CHANGED_EVENT,
          aggregateType: 'business_calendar',
          aggregateId: CALENDAR_AGGREGATE_ID,
          payload: {},
        },
      ]);
    });
    this.forget();
    return this.get();
  }
}

/**
 * The date `days` working days after `at`, at the same local time of day (moved to the next working
 * instant when that is outside working hours): the auto-close rule of resolved tickets.
 */
export function addWorkingDays(calendar: WorkingCalendar, at: Date, days: number): Date {
  let local = DateTime.fromJSDate(at, { zone: calendar.timezone });
  let added = 0;
  for (let guard = 0; added < days && guard < 3 * 366; guard++) {
    local = local.plus({ days: 1 });
    const dayStart = local.startOf('day').toMillis();
    const dayEnd = local.endOf('day').toMillis();
    if (calendar.msBetween(dayStart, dayEnd) > 0) added++;
  }
  return new Date(calendar.nextWorking(local.toMillis()));
}

export type { CalendarMath };
