import { GroupCommit } from '@desk/common';
import { preparedQuery, sqlRow } from '@desk/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotificationPreferences } from './notification-kind';
import { TicketMailData } from './templates/notification-templates';

export interface Recipient {
  id: string;
  name: string;
  email: string;
  locale: string;
  prefs: NotificationPreferences;
}

export type TicketFacts = TicketMailData & {
  unitId: string;
  teamId: string | null;
  assigneeId: string | null;
  requesterId: string;
  createdById: string;
};

/** Who gets which role's mail, in SQL. */
export type RecipientGroup =
  | { kind: 'users'; ids: string[] }
  | { kind: 'role-in-unit'; role: 'tier1' | 'unit_head'; unitId: string }
  | { kind: 'role'; role: 'supervisor' | 'csirt' }
  | { kind: 'team'; teamId: string };

/** Tickets whose facts one read takes at most, and such reads running at once. */
const TICKET_READ_BATCH_MAX = 32;
const TICKET_READ_IN_FLIGHT_MAX = 2;

const TICKET_FACTS = `SELECT t.id, t.number, t.title, t.priority, t.status, t.unit_id AS "unitId", un.name AS "unitName",
         c.name AS "categoryName", t.team_id AS "teamId", tm.name AS "teamName",
         t.assignee_id AS "assigneeId", a.name AS "assigneeName", t.requester_id AS "requesterId",
         r.name AS "requesterName", t.created_by_id AS "createdById", t.resolution,
         t.created_at AS "createdAt", t.response_due_at AS "responseDueAt",
         t.resolution_due_at AS "resolutionDueAt"
    FROM ticket t
    JOIN unit un ON un.id = t.unit_id
    JOIN app_user r ON r.id = t.requester_id
    LEFT JOIN category c ON c.id = t.category_id
    LEFT JOIN team tm ON tm.id = t.team_id
    LEFT JOIN app_user a ON a.id = t.assignee_id`;

const RECIPIENT_COLUMNS = `u.id, u.name, u.email, u.locale, u.notification_preferences AS prefs`;

/** Read side of notifications: the ticket facts a mail shows and the people it goes to. */
@Injectable()
export class NotificationRepository {
  private clockTable?: boolean;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * The facts a ticket's mail shows. Events handled at the same moment (the `ticket.created` of one
   * relay batch) share one read (docs/write-path-performance.md, "The worker"); a lone one goes at once.
   */
  ticket(id: string): Promise<TicketFacts | null> {
    return this.ticketReads.run(id);
  }

  private readonly ticketReads = new GroupCommit<string, TicketFacts | null>({
    maxInFlight: TICKET_READ_IN_FLIGHT_MAX,
    maxBatch: TICKET_READ_BATCH_MAX,
    many: async (ids) => {
      // Prepared: every notification runs it.
      const rows = await preparedQuery<TicketFacts>(
        this.dataSource,
        `${TICKET_FACTS} WHERE t.id = ANY($1::uuid[])`,
        [ids],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    one: async (id) => {
      const [row] = await preparedQuery<TicketFacts>(this.dataSource, `${TICKET_FACTS} WHERE t.id = $1`, [
        id,
      ]);
      return row ?? null;
    },
  });

  /** A comment's text and author, for the mail that quotes it. */
  async comment(id: string): Promise<{ body: string; authorName: string; internal: boolean } | null> {
    return sqlRow<{ body: string; authorName: string; internal: boolean }>(
      this.dataSource,
      `SELECT c.body, c.internal, u.name AS "authorName"
         FROM ticket_comment c JOIN app_user u ON u.id = c.author_id WHERE c.id = $1`,
      [id],
    );
  }

  /** Active users with an address, for any of the groups, each once. */
  async recipients(groups: RecipientGroup[]): Promise<Recipient[]> {
    const params: unknown[] = [];
    const clauses = groups.map((g) => {
      switch (g.kind) {
        case 'users':
          return `u.id = ANY($${params.push(g.ids)}::uuid[])`;
        case 'role-in-unit':
          return `($${params.push(g.role)} = ANY(u.roles) AND u.unit_id = $${params.push(g.unitId)})`;
        case 'role':
          return `$${params.push(g.role)} = ANY(u.roles)`;
        case 'team':
          return `u.id IN (SELECT user_id FROM team_member WHERE team_id = $${params.push(g.teamId)})`;
      }
    });
    if (!clauses.length) return [];
    // Prepared (a few shapes, one per kind of group list): every notification runs it.
    return preparedQuery<Recipient>(
      this.dataSource,
      `SELECT ${RECIPIENT_COLUMNS} FROM app_user u
        WHERE u.active AND u.email <> '' AND (${clauses.join(' OR ')}) ORDER BY u.email`,
      params,
    );
  }

  async teamName(teamId: string): Promise<string | null> {
    const row = await sqlRow<{ name: string }>(this.dataSource, `SELECT name FROM team WHERE id = $1`, [
      teamId,
    ]);
    return row?.name ?? null;
  }

  async unitName(unitId: string): Promise<string | null> {
    const row = await sqlRow<{ name: string }>(this.dataSource, `SELECT name FROM unit WHERE id = $1`, [
      unitId,
    ]);
    return row?.name ?? null;
  }

  async userName(userId: string): Promise<string | null> {
    const row = await sqlRow<{ name: string }>(this.dataSource, `SELECT name FROM app_user WHERE id = $1`, [
      userId,
    ]);
    return row?.name ?? null;
  }

  /** The due time of one SLA clock (ticket_sla_clock when the SLA engine is installed). */
  async clockDue(ticketId: string, clock: string): Promise<Date | null> {
    this.clockTable ||= !!(
      await sqlRow<{ t: string | null }>(
        this.dataSource,
        `SELECT to_regclass('public.ticket_sla_clock') AS t`,
      )
    )?.t;
    if (this.clockTable) {
      const row = await sqlRow<{ dueAt: Date }>(
        this.dataSource,
        `SELECT due_at AS "dueAt" FROM ticket_sla_clock WHERE ticket_id = $1 AND clock = $2`,
        [ticketId, clock],
      );
      if (row) return row.dueAt;
    }
    const row = await sqlRow<{ dueAt: Date | null }>(
      this.dataSource,
      `SELECT CASE WHEN $2 = 'resolution' THEN resolution_due_at ELSE response_due_at END AS "dueAt"
         FROM ticket WHERE id = $1`,
      [ticketId, clock],
    );
    return row?.dueAt ?? null;
  }

  async preferences(userId: string): Promise<{ locale: string; prefs: NotificationPreferences } | null> {
    return sqlRow<{ locale: string; prefs: NotificationPreferences }>(
      this.dataSource,
      `SELECT locale, notification_preferences AS prefs FROM app_user WHERE id = $1`,
      [userId],
    );
  }
}
