import type { PriorityName, TicketKindName } from '@desk/contracts';

/** Clock names, stored in ticket_sla_clock.clock. WARNING: renaming one strands stored clocks. */
export enum ClockName {
  Response = 'response',
  Resolution = 'resolution',
  Tier2Response = 'tier2_response',
}

export type CalendarKind = 'business' | '24x7';
export const CALENDAR_KINDS: CalendarKind[] = ['business', '24x7'];

/** Who a warning, breach or ladder level notifies (the notifications feature resolves the people). */
export enum NotifyRole {
  Assignee = 'assignee',
  Tier1Desk = 'tier1_desk',
  Team = 'team',
  Supervisors = 'supervisors',
  UnitHead = 'unit_head',
}

export const LADDER_ACTIONS = ['auto_escalate'] as const;
export type LadderAction = (typeof LADDER_ACTIONS)[number];

export interface LadderLevel {
  /** Fraction of the target: 0.75 = three quarters of the time used, 1 = the breach, 1.5 = half over. */
  at: number;
  notify: NotifyRole[];
  action?: LadderAction;
}

/** A policy as the engine uses it: targets in seconds of calendar time. */
export interface SlaPolicy {
  id: string;
  name: string;
  kind: TicketKindName | null;
  priority: PriorityName | null;
  responseTarget: string;
  resolutionTarget: string;
  tier2ResponseTarget: string;
  responseSeconds: number;
  resolutionSeconds: number;
  tier2ResponseSeconds: number;
  calendar: CalendarKind;
  warnAt: number;
  autoEscalateOnBreach: boolean;
  ladder: LadderLevel[];
  createdAt: string;
  updatedAt: string;
}
