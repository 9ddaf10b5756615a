import { ApprovalStatus, ChangePhase, ChangeRisk, ChangeType } from '@desk/changes';
import * as contracts from '@desk/contracts';
import { IncidentCategory, IncidentPhase, IncidentSeverity, IndicatorType, Tlp } from '@desk/incidents';
import { ArticleKind, ArticleStatus, ArticleVisibility } from '@desk/knowledge';
import { MailStatus } from '@desk/notifications';
import { Role } from '@desk/org-auth';
import { ProblemStatus } from '@desk/problems';
import { DeliveryStatus } from '@desk/reports';
import { ClockName, NotifyRole } from '@desk/sla';
import { Channel, Priority, TicketAction, TicketKind, TicketStatus } from '@desk/tickets';

/**
 * `libs/contracts` carries the API's value lists as plain arrays (the web app imports it and takes no
 * server code); the server keeps them as enums. Each pair must hold the same values, or the web offers
 * a value the API refuses (or misses one it sends).
 */
const PAIRS: [string, Record<string, string>, readonly string[]][] = [
  ['Role', Role, contracts.ROLES],
  ['TicketKind', TicketKind, contracts.TICKET_KINDS],
  ['TicketStatus', TicketStatus, contracts.TICKET_STATUSES],
  ['Priority', Priority, contracts.PRIORITIES],
  ['Channel', Channel, contracts.CHANNELS],
  ['TicketAction', TicketAction, contracts.TICKET_ACTIONS],
  ['ClockName', ClockName, contracts.QUEUE_CLOCKS],
  ['NotifyRole', NotifyRole, contracts.SLA_NOTIFY_ROLES],
  ['ChangeType', ChangeType, contracts.CHANGE_TYPES],
  ['ChangeRisk', ChangeRisk, contracts.CHANGE_RISKS],
  ['ChangePhase', ChangePhase, contracts.CHANGE_PHASES],
  ['ApprovalStatus', ApprovalStatus, contracts.APPROVAL_STATUSES],
  ['ProblemStatus', ProblemStatus, contracts.PROBLEM_STATUSES],
  ['IncidentCategory', IncidentCategory, contracts.INCIDENT_CATEGORIES],
  ['IncidentSeverity', IncidentSeverity, contracts.INCIDENT_SEVERITIES],
  ['IncidentPhase', IncidentPhase, contracts.INCIDENT_PHASES],
  ['Tlp', Tlp, contracts.TLP_LEVELS],
  ['IndicatorType', IndicatorType, contracts.INDICATOR_TYPES],
  ['ArticleKind', ArticleKind, contracts.ARTICLE_KINDS],
  ['ArticleVisibility', ArticleVisibility, contracts.ARTICLE_VISIBILITIES],
  ['ArticleStatus', ArticleStatus, contracts.ARTICLE_STATUSES],
  ['DeliveryStatus', DeliveryStatus, contracts.DELIVERY_STATUSES],
  ['MailStatus', MailStatus, contracts.MAIL_STATUSES],
];

describe('contracts and server enums', () => {
  it.each(PAIRS)('should give %s the same values on both sides', (_name, serverEnum, contract) => {
    expect([...Object.values(serverEnum)].sort()).toEqual([...contract].sort());
  });
});
