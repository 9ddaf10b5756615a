import { Clock, DomainError, FieldError } from '@desk/common';
import { AppConfig } from '@desk/config';
import { TransactionRunner } from '@desk/database';
import { MailRepository } from '@desk/notifications';
import { Actor, hasRole, Role } from '@desk/org-auth';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  CreateReportSubscriptionDto,
  ReportRecipientDto,
  ReportScopeDto,
  SendNowDto,
  UpdateReportSubscriptionDto,
} from './dto/report-subscription.dto';
import { ReportDeliveryView, ReportSubscriptionView } from './dto/report-subscription.view';
import { ReportDelivery } from './entities/report-delivery.entity';
import { ReportRecipient } from './entities/report-subscription.entity';
import {
  cronPattern,
  currentPeriod,
  Locale,
  periodLabel,
  previousPeriod,
  readerLocale,
} from './report-period';

import { deliveryKey, ReportScheduler } from './report-scheduler';
import { ReportSubscriptionRepository, SubscriptionRow } from './report-subscription.repository';
import { ReportErrors } from './reports.errors';
import { SlaReportService } from './sla-report.service';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/**
 * Report subscriptions (docs/domain.md, "Reports"): supervisors subscribe recipients to any scope, PD heads to
 * their own PD. Saving one (re)registers its job scheduler; send-now delivers the previous complete
 * period at once, as a delivery of its own.
 */
@Injectable()
export class ReportSubscriptionService {
  private readonly logger = new Logger(ReportSubscriptionService.name);

  constructor(
    private readonly repo: ReportSubscriptionRepository,
    private readonly reports: SlaReportService,
    private readonly scheduler: ReportScheduler,
    private readonly mail: MailRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    this.allowedDomains = config.REPORT_MAIL_DOMAINS.split(',')
      .map((d) =>
        d
          .trim()
          .toLowerCase()
          .replace(/^@|^\./, ''),
      )
      .filter(Boolean);
  }

  private readonly allowedDomains: string[];

  /** An address in an allowed domain or one of its subdomains. */
  private allowedAddress(email: string): boolean {
    const domain = email.toLowerCase().split('@').pop() ?? '';
    return this.allowedDomains.some((d) => domain === d || domain.endsWith(`.${d}`));
  }

  private async scope(actor: Actor, scope: ReportScopeDto) {
    const errors: FieldError[] = [];
    if (scope.regencyWide && scope.unitId)
      errors.push({ field: 'scope.unitId', message: 'scope.unitId is not allowed in a regency-wide report' });
    if (errors.length) throw ReportErrors.invalid(errors);
    if (scope.regencyWide && !hasRole(actor, Role.Supervisor)) throw ReportErrors.regencyWide();
    try {
      const { unitId, teamId } = await this.reports.authorizeScope(actor, scope);
      return { unitId: unitId ?? null, teamId: teamId ?? null, regencyWide: !!scope.regencyWide };
    } catch (error) {
      // authorizeScope names query fields; here they sit inside `scope`.
      if (error instanceof DomainError && error.details.errors) {
        throw ReportErrors.invalid(error.details.errors.map((e) => ({ ...e, field: `scope.${e.field}` })));
      }
      throw error;
    }
  }

  /**
   * Checks the recipients. Users are picked as the directory shows them: supervisors and admins from
   * every unit, a PD head from their own PD (anyone else is reached by address).
   */
  private async recipients(actor: Actor, list: ReportRecipientDto[]): Promise<ReportRecipient[]> {
    const errors: FieldError[] = [];
    list.forEach((r, i) => {
      if (r.userId !== undefined && r.email !== undefined)
        errors.push({
          field: `recipients.${i}`,
          message: `recipients.${i} takes a userId or an email, not both`,
        });
    });
    const ids = list.flatMap((r) => (r.userId ? [r.userId] : []));
    const users = new Map((await this.repo.recipientUsers(ids)).map((u) => [u.id, u]));
    const anyUnit = hasRole(actor, Role.Supervisor, Role.Admin);
    list.forEach((r, i) => {
      const user = r.userId ? users.get(r.userId) : undefined;
      if (r.userId && !user?.active)
        errors.push({ field: `recipients.${i}.userId`, message: 'no active user has this id' });
      else if (user && !anyUnit && user.unitId !== actor.unitId)
        errors.push({
          field: `recipients.${i}.userId`,
          message: 'a PD head picks users of their own PD; give others by email',
        });
    });
    // Report mail goes to desk users and allowed domains only: never a spam cannon to outsiders.
    const outside = list.flatMap((r) => (r.email && !this.allowedAddress(r.email) ? [r.email] : []));
    const deskUsers = await this.repo.activeUserEmails(outside);
    list.forEach((r, i) => {
      if (r.email && !this.allowedAddress(r.email) && !deskUsers.has(r.email.toLowerCase()))
        errors.push({
          field: `recipients.${i}.email`,
          message: `recipients may only be desk users or addresses in ${this.allowedDomains.join(', ')}`,
        });
    });
    if (errors.length) throw ReportErrors.invalid(errors);
    return list.map((r) => (r.userId ? { userId: r.userId } : { email: r.email! }));
  }

  /** Redis being down must not undo a saved subscription: the workers register it at reconciliation. */
  private async schedule(sub: SubscriptionRow): Promise<void> {
    try {
      await this.scheduler.upsert(sub);
    } catch (error) {
      this.logger.warn(
        `scheduler of ${sub.id} not registered now (${(error as Error).message}); workers will`,
      );
    }
  }

  async create(actor: Actor, dto: CreateReportSubscriptionDto): Promise<ReportSubscriptionView> {
    const scope = await this.scope(actor, dto.scope);
    const recipients = await this.recipients(actor, dto.recipients);
    const id = await this.tx.run((em) =>
      this.repo.insert(em, {
        name: dto.name,
        createdById: actor.id,
        ...scope,
        frequency: dto.frequency,
        sendAt: dto.sendAt,
        recipients,
      }),
    );
    const sub = (await this.repo.find(id))!;
    await this.schedule(sub);
    return this.view(sub, readerLocale(actor.locale));
  }

  async list(actor: Actor): Promise<ReportSubscriptionView[]> {
    const rows = await this.repo.list(actor);
    return Promise.all(rows.map((r) => this.view(r, readerLocale(actor.locale))));
  }

  async get(actor: Actor, id: string): Promise<ReportSubscriptionView> {
    return this.view(await this.visible(actor, id), readerLocale(actor.locale));
  }

  private async visible(actor: Actor, id: string): Promise<SubscriptionRow> {
    const sub = await this.repo.findVisible(actor, id);
    if (!sub) throw ReportErrors.subscriptionNotFound();
    return sub;
  }

  async update(actor: Actor, id: string, dto: UpdateReportSubscriptionDto): Promise<ReportSubscriptionView> {
    const current = await this.visible(actor, id);
    const scope = dto.scope
      ? await this.scope(actor, dto.scope)
      : { unitId: current.unitId, teamId: current.teamId, regencyWide: current.regencyWide };
    const recipients = dto.recipients ? await this.recipients(actor, dto.recipients) : current.recipients;
    await this.tx.run((em) =>
      this.repo.update(em, id, {
        name: dto.name ?? current.name,
        ...scope,
        frequency: dto.frequency ?? current.frequency,
        sendAt: dto.sendAt ?? current.sendAt,
        recipients,
        active: dto.active ?? current.active,
      }),
    );
    const sub = (await this.repo.find(id))!;
    await this.schedule(sub);
    return this.view(sub, readerLocale(actor.locale));
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.visible(actor, id);
    await this.repo.remove(id);
    await this.scheduler.remove(id).catch(() => undefined); // a leftover scheduler stops at its next run
  }

  /** Delivers a period now (the previous complete one unless asked for the current one so far). */
  async sendNow(actor: Actor, id: string, dto: SendNowDto = {}): Promise<ReportDeliveryView> {
    const sub = await this.visible(actor, id);
    const tz = await this.scheduler.timezone();
    const now = this.clock.now();
    const period =
      dto.period === 'current'
        ? currentPeriod(sub.frequency, now, tz)
        : previousPeriod(sub.frequency, now, tz);
    const deliveryId = randomUUID();
    await this.tx.run(async (em) => {
      const wait = await this.repo.sendNowWait(em, sub.id, this.config.REPORT_SEND_NOW_INTERVAL_S);
      if (wait > 0)
        throw DomainError.tooMany(`This report was just sent; it can be sent again in ${wait} s`, wait);
      await this.repo.claimDelivery(em, {
        id: deliveryId,
        subscriptionId: sub.id,
        trigger: 'manual',
        periodStart: period.start,
        periodEnd: period.end,
        dedupeKey: `${deliveryKey(sub.id, period.key)}_manual_${deliveryId}`,
        requestedById: actor.id,
      });
    });
    // If Redis is down the row waits and a worker enqueues it at its next reconciliation.
    await this.scheduler.enqueueManual(sub.id, deliveryId).catch((error: Error) => {
      this.logger.warn(`send-now ${deliveryId} not enqueued now (${error.message}); workers will`);
    });
    const [view] = await this.deliveryViews(
      sub,
      [(await this.repo.findDelivery(deliveryId))!],
      tz,
      readerLocale(actor.locale),
    );
    return view;
  }

  async deliveries(actor: Actor, id: string): Promise<ReportDeliveryView[]> {
    const sub = await this.visible(actor, id);
    const tz = await this.scheduler.timezone();
    return this.deliveryViews(sub, await this.repo.deliveries(sub.id), tz, readerLocale(actor.locale));
  }

  private async deliveryViews(
    sub: SubscriptionRow,
    rows: ReportDelivery[],
    tz: string,
    locale: Locale,
  ): Promise<ReportDeliveryView[]> {
    const mails = await this.mail.byAggregate(rows.map((d) => d.id));
    return rows.map((d) => ({
      id: d.id,
      subscriptionId: sub.id,
      trigger: d.trigger,
      periodStart: iso(d.periodStart)!,
      periodEnd: iso(d.periodEnd)!,
      periodLabel: periodLabel(new Date(d.periodStart), new Date(d.periodEnd), tz, locale),
      status: d.status,
      attempts: d.attempts,
      attemptLog: d.attemptLog,
      lastError: d.lastError,
      requestedById: d.requestedById,
      createdAt: iso(d.createdAt)!,
      mailedAt: iso(d.mailedAt),
      mails: mails
        .filter((m) => m.aggregateId === d.id)
        .map((m) => ({
          recipient: m.recipient,
          status: m.status,
          attempts: m.attempts,
          sentAt: iso(m.sentAt),
          lastError: m.lastError,
        })),
    }));
  }

  /** The periods send-now offers, labelled in the reader's language. */
  private sendNowPeriods(sub: SubscriptionRow, tz: string, locale: 'id' | 'en') {
    const now = this.clock.now();
    return (['previous', 'current'] as const).map((name) => {
      const p =
        name === 'current' ? currentPeriod(sub.frequency, now, tz) : previousPeriod(sub.frequency, now, tz);
      return {
        period: name,
        label: periodLabel(p.start, p.end, tz, locale),
        from: p.start.toISOString(),
        to: p.end.toISOString(),
      };
    });
  }

  private async view(sub: SubscriptionRow, locale: 'id' | 'en' = 'id'): Promise<ReportSubscriptionView> {
    const users = new Map(
      (await this.repo.recipientUsers(sub.recipients.flatMap((r) => ('userId' in r ? [r.userId] : [])))).map(
        (u) => [u.id, u],
      ),
    );
    const tz = await this.scheduler.timezone();
    const nextRunAt = sub.active ? await this.scheduler.nextRunAt(sub.id).catch(() => null) : null;
    return {
      id: sub.id,
      name: sub.name,
      scope: {
        unitId: sub.unitId,
        unitName: sub.unitName,
        teamId: sub.teamId,
        teamName: sub.teamName,
        regencyWide: sub.regencyWide,
      },
      frequency: sub.frequency,
      sendAt: sub.sendAt,
      schedule: { pattern: cronPattern(sub.frequency, sub.sendAt), timezone: tz, nextRunAt: iso(nextRunAt) },
      recipients: sub.recipients.map((r) => {
        if ('email' in r) return { userId: null, email: r.email, name: null };
        const u = users.get(r.userId);
        return { userId: r.userId, email: u?.active ? u.email : null, name: u?.name ?? null };
      }),
      active: sub.active,
      sendNowPeriods: this.sendNowPeriods(sub, tz, locale),
      createdById: sub.createdById,
      createdAt: iso(sub.createdAt)!,
      updatedAt: iso(sub.updatedAt)!,
    };
  }
}
