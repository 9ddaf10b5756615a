/**
 * The HTTP API's shapes as plain types, shared by the server (its views implement them) and the web
 * app. No runtime dependencies and no server code: the web app imports this lib directly.
 */

export const ROLES = ['requester', 'tier1', 'tier2', 'csirt', 'supervisor', 'unit_head', 'admin'] as const;
export type RoleName = (typeof ROLES)[number];

export const TICKET_KINDS = ['complaint', 'incident', 'problem', 'request', 'change'] as const;
export type TicketKindName = (typeof TICKET_KINDS)[number];

export const TICKET_STATUSES = [
  'new',
  'assigned',
  'in_progress',
  'pending',
  'resolved',
  'closed',
  'cancelled',
] as const;
export type TicketStatusName = (typeof TICKET_STATUSES)[number];

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type PriorityName = (typeof PRIORITIES)[number];

export const CHANNELS = ['web', 'phone', 'email', 'walk_in', 'chat'] as const;
export type ChannelName = (typeof CHANNELS)[number];

export const TICKET_ACTIONS = [
  'assign',
  'claim',
  'start',
  'pend',
  'resume',
  'resolve',
  'reopen',
  'close',
  'cancel',
  'escalate',
  'return',
] as const;
export type TicketActionName = (typeof TICKET_ACTIONS)[number];

/** Validation limits the API enforces, mirrored by the web forms. */
export const LIMITS = {
  titleMin: 5,
  titleMax: 200,
  descriptionMin: 10,
  descriptionMax: 20000,
  /** Every written reason and the resolution note (escalate, return, pend, reopen, cancel, resolve). */
  reasonMin: 10,
  reasonMax: 2000,
  resolutionMin: 10,
  commentMax: 20000,
  attachmentMaxBytes: 10 * 1024 * 1024,
  attachmentExtensions: [
    '.pdf',
    '.png',
    '.jpg',
    '.jpeg',
    '.gif',
    '.webp',
    '.txt',
    '.log',
    '.csv',
    '.doc',
    '.docx',
    '.xls',
    '.xlsx',
    '.odt',
    '.ods',
    '.zip',
  ],
  passwordMin: 10,
  nipPattern: '^\\d{18}$',
} as const;

export interface Named {
  id: string;
  name: string;
}

/** A ticket's requester; where to reach them is shown to agents only. */
export interface Requester extends Named {
  phone?: string | null;
  locationRoom?: string | null;
  locationFloor?: string | null;
}

export interface SlaClock {
  /**
   * When the clock's current target period started: filing, or the latest escalation for the Tier 2
   * pick-up clock. Absent from an older api.
   */
  startedAt?: string | null;
  dueAt: string | null;
  warnedAt: string | null;
  /** Set when the clock breached; a stopped or met clock counts as breached only when this is set. */
  breachedAt: string | null;
  metAt: string | null;
  /** Set while the ticket is pending (the clock does not run). */
  pausedAt?: string | null;
  /**
   * Set when the clock stopped without being met: the Tier 2 pick-up clock when the ticket went back
   * to Tier 1 before pick-up, or the clocks of a cancelled or closed ticket. It no longer runs.
   */
  stoppedAt?: string | null;
}

/** Which clock orders a ticket in lists and queues. */
export const QUEUE_CLOCKS = ['response', 'tier2_response', 'resolution'] as const;
export type QueueClockName = (typeof QUEUE_CLOCKS)[number];

/**
 * The clock a list or queue orders a ticket by (the nearest due time of a clock still running), its
 * due time and its state at the time of the answer: `running`, `paused` (pending), `met` (resolved
 * or closed in time) or `breached` (overdue, or recorded as breached).
 */
export interface QueueClock {
  clock: QueueClockName;
  dueAt: string | null;
  state: 'running' | 'paused' | 'met' | 'breached';
}

export interface Ticket {
  id: string;
  number: string;
  kind: TicketKindName;
  title: string;
  description: string;
  category: Named | null;
  impact: number;
  urgency: number;
  priority: PriorityName;
  channel: ChannelName;
  /** Phone and location are present for agents only (null when the requester gave none). */
  requester: Requester;
  unit: Named;
  deskId: string;
  tier: number;
  team: Named | null;
  assignee: Named | null;
  status: TicketStatusName;
  pendingReason: string | null;
  /** When a pending ticket resumes by itself; null when it waits for someone. */
  pendingUntil: string | null;
  resolution: string | null;
  cancelReason: string | null;
  firstResponseAt: string | null;
  escalatedAt: string | null;
  resolvedAt: string | null;
  autoCloseAt: string | null;
  closedAt: string | null;
  cancelledAt: string | null;
  rating: { score: number; comment: string | null; ratedAt: string } | null;
  /** `tier2Response` (the Tier 2 pick-up clock) is null until the ticket is escalated. */
  sla: {
    response: SlaClock;
    resolution: SlaClock;
    tier2Response: SlaClock | null;
    [clock: string]: SlaClock | null;
  };
  /** The queue clock; absent from an older api. */
  queueClock?: QueueClock;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Comment {
  id: string;
  body: string;
  internal: boolean;
  createdAt: string;
  author: Named;
}

export interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  internal: boolean;
  createdAt: string;
  uploader: Named;
}

export interface HistoryEvent {
  id: string;
  action: string;
  changes: Record<string, { from: unknown; to: unknown }>;
  note: string | null;
  /** A system reason as a code and parameters (`sla_breached` with `clock`, `priority`, `dueAt`). */
  reason?: { code: string; params: Record<string, string | number> } | null;
  /** The reason in the reader's language, with local times. */
  reasonText?: string | null;
  /** The whole line as a sentence in the reader's language. */
  text?: string;
  createdAt: string;
  actor: Named | null;
}

export interface User {
  id: string;
  name: string;
  email: string;
  nip: string | null;
  unitId: string;
  roles: RoleName[];
  teamIds: string[];
  locale: string;
  active: boolean;
  phone?: string | null;
  locationRoom?: string | null;
  locationFloor?: string | null;
  createdAt: string;
  updatedAt: string;
}

/** An active user in the directory managers pick report recipients from (`GET /users/directory`). */
export interface DirectoryUser {
  id: string;
  name: string;
  email: string;
  unitId: string;
  unitName: string;
  roles: RoleName[];
}

/** `GET /users/directory?q&unitId&role&limit`: sorted by name, at most `limit` (default 20, max 50). */
/** An agent's saved ticket filter ("overview"): GET /tickets parameters under a name. */
export interface TicketOverview {
  id: string;
  name: string;
  query: Record<string, string>;
  createdAt: string;
}

export interface UserDirectory {
  items: DirectoryUser[];
}

export interface Me extends User {
  unitKind: 'pd' | 'dinas';
}

export interface Unit {
  id: string;
  code: string;
  name: string;
  kind: 'pd' | 'dinas';
  mandiriTik: boolean;
}

export interface Team {
  id: string;
  code: string;
  name: string;
  security: boolean;
}

export interface Category {
  id: string;
  code: string;
  name: string;
  /** The team escalations go to when Tier 1 names none; null: no route. */
  teamId: string | null;
}

/** `PATCH /teams/{id}`: only the fields given change. */
export interface TeamUpdate {
  code?: string;
  name?: string;
  security?: boolean;
}

/** `PATCH /categories/{id}`: only the fields given change; `teamId: null` removes the route. */
export interface CategoryUpdate {
  code?: string;
  name?: string;
  teamId?: string | null;
}

export interface Region {
  code: string;
  name: string;
  dinasName: string;
  timezone: string;
}

export interface LoginResponse {
  accessToken: string;
  user: User;
}

/** A ticket's escalation to a Tier 2 team and its return (`GET /tickets/{id}/escalations`). */
export interface Escalation {
  id: string;
  ticketId: string;
  team: Named;
  reason: string;
  automatic: boolean;
  escalatedBy: Named | null;
  escalatedAt: string;
  routedAt: string | null;
  returnedAt: string | null;
  returnedBy: Named | null;
  returnNotes: string | null;
}

export interface QueueCounts {
  new: number;
  open: number;
  dueSoon: number;
  breached: number;
  unassigned: number;
}

/** A work queue of `GET /queues`: a Tier 2 team or a PD's Tier 1 desk. */
export interface WorkQueue {
  kind: 'team' | 'desk';
  id: string;
  name: string;
  security?: boolean;
  unit?: Named;
  canClaim: boolean;
  counts: QueueCounts;
}

export interface WorkQueueList {
  items: WorkQueue[];
  dueSoonMinutes: number;
  at: string;
}

/** Who a warning, breach or ladder level of an SLA policy notifies. */
export const SLA_NOTIFY_ROLES = ['assignee', 'tier1_desk', 'team', 'supervisors', 'unit_head'] as const;
export type SlaNotifyRole = (typeof SLA_NOTIFY_ROLES)[number];

/** A level of an SLA policy's escalation ladder: at a fraction of the target (1 = the breach). */
export interface SlaLadderLevel {
  at: number;
  notify: SlaNotifyRole[];
  action?: 'auto_escalate';
}

/** An SLA policy (`GET /sla-policies`); targets are ISO 8601 durations (PT30M, PT8H, P3D). */
export interface SlaPolicy {
  id: string;
  name: string;
  kind: TicketKindName | null;
  priority: PriorityName | null;
  responseTarget: string;
  resolutionTarget: string;
  tier2ResponseTarget: string;
  calendar: 'business' | '24x7';
  warnAt: number;
  autoEscalateOnBreach: boolean;
  ladder: SlaLadderLevel[];
  createdAt: string;
  updatedAt: string;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The business calendar (`GET/PUT /calendar`): working periods per weekday in local time, holidays. */
export interface BusinessCalendar {
  timezone: string;
  hours: Partial<Record<Weekday, [string, string][]>>;
  holidays: { date: string; name: string }[];
  updatedAt?: string | null;
}

/** Every error body (application/problem+json). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
  currentStatus?: string;
  currentVersion?: number;
}

export * from './knowledge';
export * from './reports';

/** A link between two tickets, seen from one of them (`GET /tickets/{id}/links`). */
export interface TicketLink {
  id: string;
  type: 'duplicate_of' | 'related' | 'child_of';
  /** `outgoing`: this ticket is the duplicate, the related one or the child; `incoming`: the other. */
  direction: 'outgoing' | 'incoming';
  ticket: { id: string; number: string; title: string; status: TicketStatusName };
  createdAt: string;
}

/** A reply template (`GET /reply-templates`); `rendered` is filled for `?ticketId=`. */
export interface ReplyTemplate {
  id: string;
  name: string;
  body: string;
  scope: 'personal' | 'unit' | 'team' | 'global';
  unitId: string | null;
  teamId: string | null;
  owner: Named;
  editable: boolean;
  rendered?: string;
  updatedAt: string;
}

/** One ticket's outcome of `POST /tickets/bulk`. */
export interface BulkResult {
  id: string;
  ok: boolean;
  status?: TicketStatusName;
  error?: { status: number; title: string; detail: string };
}

export * from './changes';
export * from './incidents';

/** `GET /tickets`: a page of tickets (a Page of Ticket, named for the OpenAPI document). */
export interface TicketPage {
  items: Ticket[];
  nextCursor: string | null;
}

/** `POST /tickets/bulk`: one result per ticket asked for. */
export interface BulkResults {
  results: BulkResult[];
}

/** An agent's saved ticket filter (an "overview"), private to its owner. */
export interface TicketOverview {
  id: string;
  name: string;
  query: Record<string, string>;
  createdAt: string;
}

/** `POST /auth/password-reset`: the same answer whether or not the address has an account. */
export interface PasswordResetAccepted {
  detail: string;
}

/** `GET /health` and `GET /ready` (terminus): `ok` when every check is up. */
export interface HealthStatus {
  status: 'ok' | 'error' | 'shutting_down';
  info?: Record<string, { status: string }>;
  error?: Record<string, { status: string }>;
  details: Record<string, { status: string }>;
}

/** A newly created record named by its id only. */
export interface CreatedRef {
  id: string;
}

/** `POST /tickets/{id}/comments`: the comment as stored (the list adds its author). */
export interface CreatedComment {
  id: string;
  ticketId: string;
  body: string;
  internal: boolean;
  createdAt: string;
}

export * from './envelopes';
