import { DomainError } from '@desk/common';
import { TransactionRunner } from '@desk/database';
import { Actor, OrgRepository } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { PreferencesView, UpdatePreferencesDto } from './dto/preferences.dto';
import { ESSENTIAL_KINDS, NotificationKind, PREFERENCE_KEYS } from './notification-kind';
import { NotificationRepository } from './notification.repository';
import { asLocale } from './templates/mail-layout';
import { NotificationErrors } from './notifications.errors';

const ESSENTIAL_KEYS = [...new Set([...ESSENTIAL_KINDS].map((k) => PREFERENCE_KEYS[k]))];

/** A user's language and which notifications they get (`/users/me/preferences`). */
@Injectable()
export class NotificationPreferencesService {
  constructor(
    private readonly repo: NotificationRepository,
    private readonly tx: TransactionRunner,
    private readonly org: OrgRepository,
  ) {}

  async get(actor: Actor): Promise<PreferencesView> {
    const row = await this.repo.preferences(actor.id);
    if (!row) throw DomainError.notFound('User');
    const notifications = Object.fromEntries(
      Object.values(NotificationKind).map((kind) => {
        const key = PREFERENCE_KEYS[kind];
        return [key, ESSENTIAL_KINDS.has(kind) || row.prefs?.[key] !== false];
      }),
    );
    return { locale: asLocale(row.locale), notifications, essential: ESSENTIAL_KEYS };
  }

  async update(actor: Actor, dto: UpdatePreferencesDto): Promise<PreferencesView> {
    const switches = Object.entries(dto.notifications ?? {}).filter(([, v]) => v !== undefined) as [
      string,
      boolean,
    ][];
    const refused = switches.filter(([key, on]) => !on && ESSENTIAL_KEYS.includes(key));
    if (refused.length) throw NotificationErrors.essential(refused.map(([key]) => key));
    await this.tx.run((em) =>
      this.org.saveSettings(em, actor.id, {
        locale: dto.locale,
        notificationPreferences: switches.length ? Object.fromEntries(switches) : undefined,
      }),
    );
    // The next request must see the new language (the actor is cached for a few seconds).
    this.org.forgetActor(actor.id);
    return this.get(actor);
  }
}
