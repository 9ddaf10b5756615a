import { addWorkingDays, BusinessCalendarService } from '@desk/sla';
import { Injectable } from '@nestjs/common';
import { ACK_TARGET_MINUTES, IncidentSeverity } from './incident.types';

const MINUTE = 60_000;
/** A time this little ahead of the server's clock is the reporter's clock skew, not the future. */
export const CLOCK_SKEW_MS = 2 * MINUTE;

/** The CSIRT's acknowledgement deadline of an incident. */
@Injectable()
export class IncidentAckClock {
  constructor(private readonly calendar: BusinessCalendarService) {}

  /** When the acknowledgement falls due: 24x7 minutes by severity, one working day for `low`. */
  async dueAt(severity: IncidentSeverity, from: Date): Promise<Date> {
    const target = ACK_TARGET_MINUTES[severity];
    if (target === 'one-business-day') return addWorkingDays(await this.calendar.math(), from, 1);
    return new Date(from.getTime() + target * MINUTE);
  }
}
