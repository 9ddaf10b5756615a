import { AppConfig } from '@desk/config';
import { OutboxRepository } from '@desk/database';
import {
  asLocale,
  MailOutbox,
  NotificationRepository,
  OutgoingMail,
  RecipientGroup,
} from '@desk/notifications';
import { Actor, RegionService } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { changeMail } from './change-mail';
import { ChangeRepository, ChangeRow } from './change.repository';

/** The outbox event that (re)arms a change's pre-window notice timer. */
export const CHANGE_WINDOW_EVENT = 'change.window';

/**
 * What a change step tells others, written in the step's transaction: mail to approvers and to the
 * requester in the mail outbox (keyed by the step's timeline event: once per step), and the outbox
 * event that arms the pre-window notice timer.
 */
@Injectable()
export class ChangeMailer {
  constructor(
    private readonly region: RegionService,
    private readonly repo: ChangeRepository,
    private readonly outbox: OutboxRepository,
    private readonly mail: MailOutbox,
    private readonly people: NotificationRepository,
    private readonly config: AppConfig,
  ) {}

  /** Writes one mail per recipient into the mail outbox, keyed by the timeline event. */
  async send(
    em: EntityManager,
    kind: 'approval-requested' | 'decided' | 'window',
    row: Pick<
      ChangeRow,
      'id' | 'number' | 'title' | 'type' | 'risk' | 'owningUnitId' | 'systems' | 'plannedStart' | 'plannedEnd'
    >,
    key: string,
    groups: RecipientGroup[],
    actor: Actor | null,
    decision?: { approved: boolean; reason: string; by: string },
    reapproval = false,
  ): Promise<number> {
    const recipients = (await this.people.recipients(groups)).filter((r) => r.id !== actor?.id);
    if (!recipients.length) return 0;
    const timezone = await this.region.timezone();
    const owningUnitName = await this.repo.unitName(em, row.owningUnitId);
    const mails: OutgoingMail[] = recipients.map((r) => ({
      kind: `change.${kind}`,
      to: r.email,
      userId: r.id,
      ...changeMail({
        kind,
        locale: asLocale(r.locale),
        recipientName: r.name,
        change: { ...row, owningUnitName },
        timezone,
        appUrl: this.config.appUrl,
        decision,
        reapproval,
      }),
      dedupeKey: `change-${kind}_${key}_${r.id}`,
      aggregateType: 'change',
      aggregateId: row.id,
    }));
    return (await this.mail.add(em, mails)).length;
  }

  /** Tells the worker to (re)arm the pre-window notice timer, from the outbox. */
  armWindow(em: EntityManager, changeId: string): Promise<void> {
    return this.outbox.add(em, [
      { type: CHANGE_WINDOW_EVENT, aggregateType: 'change', aggregateId: changeId },
    ]);
  }
}
