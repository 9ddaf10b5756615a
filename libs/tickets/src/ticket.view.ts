import type {
  ChannelName,
  PriorityName,
  QueueClock,
  SlaClock,
  Ticket,
  TicketKindName,
  TicketStatusName,
} from '@desk/contracts';
import { ApiProperty } from '@nestjs/swagger';

/** One SLA clock of a ticket. */
export class SlaClockView implements SlaClock {
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When the current target period started: filing, or the latest escalation for tier2Response',
  })
  startedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) dueAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) warnedAt: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Set when the clock breached; the only mark of a breach',
  })
  breachedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) metAt: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Set while the ticket is pending (the clock does not run)',
  })
  pausedAt: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description:
      'Set when the clock stopped without being met (returned to Tier 1 before pick-up, ticket cancelled or closed); a stopped clock no longer runs and is breached only if breachedAt is set',
  })
  stoppedAt: string | null;
}

/** The clock a list or queue orders the ticket by, with its state at the time of the answer. */
export class QueueClockView implements QueueClock {
  @ApiProperty({ enum: ['response', 'tier2_response', 'resolution'] })
  clock: QueueClock['clock'];
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) dueAt: string | null;
  @ApiProperty({
    enum: ['running', 'paused', 'met', 'breached'],
    description: 'paused while pending; breached when overdue or recorded as breached',
  })
  state: QueueClock['state'];
}

export class TicketSlaView {
  @ApiProperty({ type: SlaClockView }) response: SlaClockView;
  @ApiProperty({ type: SlaClockView }) resolution: SlaClockView;
  @ApiProperty({
    type: SlaClockView,
    nullable: true,
    description: 'The Tier 2 pick-up clock; null until the ticket is escalated',
  })
  tier2Response: SlaClockView | null;
}

export interface Named {
  id: string;
  name: string;
}

/** A ticket as the API returns it. */
export class TicketView implements Ticket {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'TIK-2026-000123' }) number: string;
  @ApiProperty() kind: TicketKindName;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ nullable: true }) category: Named | null;
  @ApiProperty() impact: number;
  @ApiProperty() urgency: number;
  @ApiProperty({ example: 'P2' }) priority: PriorityName;
  @ApiProperty() channel: ChannelName;
  @ApiProperty({ description: 'phone, locationRoom and locationFloor for agents only' }) requester: Named & {
    phone?: string | null;
    locationRoom?: string | null;
    locationFloor?: string | null;
  };
  @ApiProperty() unit: Named;
  @ApiProperty() deskId: string;
  @ApiProperty({ enum: [1, 2] }) tier: number;
  @ApiProperty({ nullable: true }) team: Named | null;
  @ApiProperty({ nullable: true }) assignee: Named | null;
  @ApiProperty() status: TicketStatusName;
  @ApiProperty({ nullable: true }) pendingReason: string | null;
  @ApiProperty({ nullable: true, format: 'date-time', type: String }) pendingUntil: string | null;
  @ApiProperty({ nullable: true }) resolution: string | null;
  @ApiProperty({ nullable: true }) cancelReason: string | null;
  @ApiProperty({ nullable: true }) firstResponseAt: string | null;
  @ApiProperty({ nullable: true }) escalatedAt: string | null;
  @ApiProperty({ nullable: true }) resolvedAt: string | null;
  @ApiProperty({ nullable: true }) autoCloseAt: string | null;
  @ApiProperty({ nullable: true }) closedAt: string | null;
  @ApiProperty({ nullable: true }) cancelledAt: string | null;
  @ApiProperty({ nullable: true }) rating: { score: number; comment: string | null; ratedAt: string } | null;
  @ApiProperty({
    type: TicketSlaView,
    description: 'SLA clocks; tier2Response exists once the ticket was escalated',
  })
  sla: { response: SlaClockView; resolution: SlaClockView; tier2Response: SlaClockView | null };
  @ApiProperty({ type: QueueClockView }) queueClock: QueueClockView;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class TicketPage {
  @ApiProperty({ type: [TicketView] }) items: TicketView[];
  @ApiProperty({ nullable: true, description: 'Pass as `cursor` for the next page' }) nextCursor:
    string | null;
}
