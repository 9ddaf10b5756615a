import { BusinessCalendarService } from '@desk/sla';
import { Injectable } from '@nestjs/common';

/**
 * When a mail may go out. Urgent mail goes at once; non-urgent mail waits for the next working
 * period of the region's business calendar (working hours and holidays of the SLA engine).
 */
@Injectable()
export class MailTiming {
  constructor(private readonly calendar: BusinessCalendarService) {}

  async notBefore(urgent: boolean, at: Date): Promise<Date | null> {
    if (urgent) return null;
    const next = await this.calendar.nextWorkingInstant(at);
    return next > at ? next : null;
  }
}
