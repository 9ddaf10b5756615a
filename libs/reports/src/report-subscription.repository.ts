import { Actor, hasRole, Role } from '@desk/org-auth';
import { sqlExecute, sqlRow, sqlRows } from '@desk/database';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DeliveryAttempt, DeliveryStatus, ReportDelivery } from './entities/report-delivery.entity';
import { ReportRecipient, ReportSubscription } from './entities/report-subscription.entity';

export type SubscriptionRow = ReportSubscription & { unitName: string | null; teamName: string | null };

const SUBSCRIPTION_SQL = `
  SELECT s.id, s.name, s.created_by_id AS "createdById", s.unit_id AS "unitId", u.name AS "unitName",
         s.team_id AS "teamId", tm.name AS "teamName", s.regency_wide AS "regencyWide", s.frequency,
         s.send_at AS "sendAt", s.recipients, s.active, s.created_at AS "createdAt", s.updated_at AS "updatedAt"
    FROM report_subscription s
    LEFT JOIN unit u ON u.id = s.unit_id
    LEFT JOIN team tm ON tm.id = s.team_id`;

const DELIVERY_COLUMNS = `id, subscription_id AS "subscriptionId", trigger, period_start AS "periodStart",
  period_end AS "periodEnd", dedupe_key AS "dedupeKey", status, attempts, attempt_log AS "attemptLog",
  last_error AS "lastError", requested_by_id AS "requestedById", created_at AS "createdAt",
  updated_at AS "updatedAt", mailed_at AS "mailedAt"`;

export interface NewSubscription {
  name: string;
  createdById: string;
  unitId: string | null;
  teamId: string | null;
  regencyWide: boolean;
  frequency: string;
  sendAt: string;
  recipients: ReportRecipient[];
}

export interface RecipientUser {
  id: string;
  name: string;
  email: string;
  locale: string;
  active: boolean;
  unitId: string;
}

/**
 * Subscriptions and their delivery log. Reads take the caller: supervisors see every
 * subscription, a PD head those scoped to their PD; anything else is absent (404).
 */
@Injectable()
export class ReportSubscriptionRepository {
  constructor(private readonly dataSource: DataSource) {}

  private scopeSql(actor: Actor, params: unknown[]): string {
    if (hasRole(actor, Role.Supervisor)) return 'TRUE';
    if (hasRole(actor, Role.UnitHead)) return `s.unit_id = $${params.push(actor.unitId)}`;
    return 'FALSE';
  }

  async findVisible(actor: Actor, id: string, em?: EntityManager): Promise<SubscriptionRow | null> {
    const params: unknown[] = [id];
    const scope = this.scopeSql(actor, params);
    return sqlRow<SubscriptionRow>(
      em ?? this.dataSource,
      `${SUBSCRIPTION_SQL} WHERE s.id = $1 AND ${scope}`,
      params,
    );
  }

  list(actor: Actor): Promise<SubscriptionRow[]> {
    const params: unknown[] = [];
    const scope = this.scopeSql(actor, params);
    return sqlRows<SubscriptionRow>(
      this.dataSource,
      `${SUBSCRIPTION_SQL} WHERE ${scope} ORDER BY s.created_at DESC, s.id LIMIT 500`,
      params,
    );
  }

  /** For the worker: no caller, the subscription as stored. */
  find(id: string): Promise<SubscriptionRow | null> {
    return sqlRow<SubscriptionRow>(this.dataSource, `${SUBSCRIPTION_SQL} WHERE s.id = $1`, [id]);
  }

  active(): Promise<SubscriptionRow[]> {
    return sqlRows<SubscriptionRow>(
      this.dataSource,
      `${SUBSCRIPTION_SQL} WHERE s.active ORDER BY s.created_at`,
    );
  }

  async insert(em: EntityManager, s: NewSubscription): Promise<string> {
    const row = await sqlRow<{ id: string }>(
      em,
      `INSERT INTO report_subscription (name, created_by_id, unit_id, team_id, regency_wide, frequency, send_at, recipients)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) RETURNING id`,
      [
        s.name,
        s.createdById,
        s.unitId,
        s.teamId,
        s.regencyWide,
        s.frequency,
        s.sendAt,
        JSON.stringify(s.recipients),
      ],
    );
    return row!.id;
  }

  async update(
    em: EntityManager,
    id: string,
    s: Omit<NewSubscription, 'createdById'> & { active: boolean },
  ): Promise<void> {
    await sqlExecute(
      em,
      `UPDATE report_subscription
          SET name = $2, unit_id = $3, team_id = $4, regency_wide = $5, frequency = $6, send_at = $7,
              recipients = $8::jsonb, active = $9, updated_at = now()
        WHERE id = $1`,
      [
        id,
        s.name,
        s.unitId,
        s.teamId,
        s.regencyWide,
        s.frequency,
        s.sendAt,
        JSON.stringify(s.recipients),
        s.active,
      ],
    );
  }

  async remove(id: string): Promise<void> {
    await sqlExecute(this.dataSource, `DELETE FROM report_subscription WHERE id = $1`, [id]);
  }

  /** Which of these addresses (lower case) belong to active desk users. */
  async activeUserEmails(emails: string[]): Promise<Set<string>> {
    if (!emails.length) return new Set();
    const rows = await sqlRows<{ email: string }>(
      this.dataSource,
      `SELECT email FROM app_user WHERE active AND email = ANY($1::text[])`,
      [emails.map((e) => e.toLowerCase())],
    );
    return new Set(rows.map((r) => r.email));
  }

  /**
   * Seconds until the subscription may be sent by hand again (0: now), read under a lock of the
   * subscription row so concurrent send-nows queue here and only one gets through.
   */
  async sendNowWait(em: EntityManager, subscriptionId: string, intervalSeconds: number): Promise<number> {
    await sqlExecute(em, `SELECT id FROM report_subscription WHERE id = $1 FOR UPDATE`, [subscriptionId]);
    const row = await sqlRow<{ wait: number | null }>(
      em,
      `SELECT ceil(extract(epoch FROM max(created_at) + make_interval(secs => $2) - clock_timestamp()))::int AS wait
         FROM report_delivery WHERE subscription_id = $1 AND trigger = 'manual'`,
      [subscriptionId, intervalSeconds],
    );
    return Math.max(0, row?.wait ?? 0);
  }

  /** Users by id with what a mail needs; inactive ones are returned so the view can say so. */
  recipientUsers(ids: string[]): Promise<RecipientUser[]> {
    if (!ids.length) return Promise.resolve([]);
    return sqlRows<RecipientUser>(
      this.dataSource,
      `SELECT id, name, email, locale, active, unit_id AS "unitId" FROM app_user WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  deliveries(subscriptionId: string, limit = 100): Promise<ReportDelivery[]> {
    return sqlRows<ReportDelivery>(
      this.dataSource,
      `SELECT ${DELIVERY_COLUMNS} FROM report_delivery WHERE subscription_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
      [subscriptionId, limit],
    );
  }

  /** Whether the period's report was mailed (a pending or failed delivery is still owed). */
  async deliveryMailed(dedupeKey: string): Promise<boolean> {
    const row = await sqlRow<{ one: number }>(
      this.dataSource,
      `SELECT 1 AS one FROM report_delivery WHERE dedupe_key = $1 AND status = 'mailed'`,
      [dedupeKey],
    );
    return !!row;
  }

  findDelivery(id: string): Promise<ReportDelivery | null> {
    return sqlRow<ReportDelivery>(
      this.dataSource,
      `SELECT ${DELIVERY_COLUMNS} FROM report_delivery WHERE id = $1`,
      [id],
    );
  }

  /** Creates the delivery row unless its key exists; either way returns it, locked for this transaction. */
  async claimDelivery(
    em: EntityManager,
    d: {
      id?: string;
      subscriptionId: string;
      trigger: 'schedule' | 'manual';
      periodStart: Date;
      periodEnd: Date;
      dedupeKey: string;
      requestedById?: string | null;
    },
  ): Promise<ReportDelivery> {
    // A concurrent insert of the same key waits here until the other transaction ends.
    await sqlExecute(
      em,
      `INSERT INTO report_delivery (id, subscription_id, trigger, period_start, period_end, dedupe_key, requested_by_id)
       VALUES (coalesce($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6, $7)
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [
        d.id ?? null,
        d.subscriptionId,
        d.trigger,
        d.periodStart,
        d.periodEnd,
        d.dedupeKey,
        d.requestedById ?? null,
      ],
    );
    const row = await sqlRow<ReportDelivery>(
      em,
      `SELECT ${DELIVERY_COLUMNS} FROM report_delivery WHERE dedupe_key = $1 FOR UPDATE`,
      [d.dedupeKey],
    );
    return row!;
  }

  lockDelivery(em: EntityManager, id: string): Promise<ReportDelivery | null> {
    return sqlRow<ReportDelivery>(
      em,
      `SELECT ${DELIVERY_COLUMNS} FROM report_delivery WHERE id = $1 FOR UPDATE`,
      [id],
    );
  }

  async markMailed(em: EntityManager, id: string, attempt: DeliveryAttempt): Promise<void> {
    await sqlExecute(
      em,
      `UPDATE report_delivery
          SET status = 'mailed', attempts = attempts + 1, attempt_log = attempt_log || $2::jsonb,
              last_error = NULL, mailed_at = $3, updated_at = $3
        WHERE id = $1`,
      [id, JSON.stringify([attempt]), attempt.at],
    );
  }

  /**
   * Logs a failed attempt outside the failed transaction (which rolled back the row if it was new,
   * so it is written again here).
   */
  async recordFailure(
    d: {
      id?: string;
      subscriptionId: string;
      trigger: 'schedule' | 'manual';
      periodStart: Date;
      periodEnd: Date;
      dedupeKey: string;
    },
    attempt: DeliveryAttempt,
    final: boolean,
  ): Promise<void> {
    await sqlExecute(
      this.dataSource,
      `INSERT INTO report_delivery (id, subscription_id, trigger, period_start, period_end, dedupe_key, status, attempts,
                                    attempt_log, last_error, updated_at)
       VALUES (coalesce($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6, $7, 1, $8::jsonb, $9, $10)
       ON CONFLICT (dedupe_key) DO UPDATE
          SET status = CASE WHEN report_delivery.status = 'mailed' THEN 'mailed' ELSE EXCLUDED.status END,
              attempts = report_delivery.attempts + 1,
              attempt_log = report_delivery.attempt_log || EXCLUDED.attempt_log,
              last_error = EXCLUDED.last_error, updated_at = EXCLUDED.updated_at`,
      [
        d.id ?? null,
        d.subscriptionId,
        d.trigger,
        d.periodStart,
        d.periodEnd,
        d.dedupeKey,
        final ? DeliveryStatus.Failed : DeliveryStatus.Pending,
        JSON.stringify([attempt]),
        attempt.detail.slice(0, 2000),
        attempt.at,
      ],
    );
  }

  /** Send-now rows whose job never ran (Redis was down when it was requested). */
  staleManual(olderThan: Date): Promise<{ id: string; subscriptionId: string }[]> {
    return sqlRows<{ id: string; subscriptionId: string }>(
      this.dataSource,
      `SELECT id, subscription_id AS "subscriptionId" FROM report_delivery
        WHERE trigger = 'manual' AND status = 'pending' AND updated_at < $1 ORDER BY created_at LIMIT 100`,
      [olderThan],
    );
  }
}
