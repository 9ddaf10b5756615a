import { NOTIFICATION_EVENT_TYPES, NotificationService } from '@desk/notifications';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainEventsProcessor } from './domain-events.processor';

/** Subscribes the notification mail to the outbox events that cause it. */
@Injectable()
export class NotificationHandlers implements OnModuleInit {
  constructor(
    private readonly domainEvents: DomainEventsProcessor,
    private readonly notifications: NotificationService,
  ) {}

  onModuleInit(): void {
    for (const type of NOTIFICATION_EVENT_TYPES) {
      this.domainEvents.on(type, async (event) => {
        await this.notifications.handle(event);
      });
    }
  }
}
