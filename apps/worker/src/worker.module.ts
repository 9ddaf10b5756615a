import { ClockModule } from '@desk/common';
import { CHANGE_ENTITIES, ChangesModule } from '@desk/changes';
import { AppConfig, ConfigModule, LoggingModule } from '@desk/config';
import { DatabaseModule, dataSourceOptions, OutboxEvent } from '@desk/database';
import { EscalationModule } from '@desk/escalation';
import { INCIDENT_ENTITIES, IncidentsModule } from '@desk/incidents';
import { KNOWLEDGE_ENTITIES, KnowledgeModule } from '@desk/knowledge';
import { NOTIFICATION_ENTITIES, NotificationsModule } from '@desk/notifications';
import { PROBLEM_ENTITIES, ProblemsModule } from '@desk/problems';
import { ORG_ENTITIES } from '@desk/org-auth';
import { QueueModule, redisOptions } from '@desk/queue';
import { REPORT_ENTITIES, ReportsModule } from '@desk/reports';
import { SLA_ENTITIES, SlaModule } from '@desk/sla';
import { TICKET_ENTITIES, TicketsModule } from '@desk/tickets';
import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChangeTimersProcessor } from './processors/change-timers.processor';
import { DomainEventsProcessor } from './processors/domain-events.processor';
import { MailProcessor } from './processors/mail.processor';
import { RecordEventsPublisher } from './processors/record-events.publisher';
import { MaintenanceProcessor } from './processors/maintenance.processor';
import { NotificationHandlers } from './processors/notification-handlers';
import { OutboxRelayService } from './processors/outbox-relay.service';
import { ReportsProcessor } from './processors/reports.processor';
import { SlaTimersProcessor } from './processors/sla-timers.processor';
import { TicketEventsPublisher } from './processors/ticket-events.publisher';
import { TicketTimersProcessor } from './processors/ticket-timers.processor';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config, 'worker'),
        ClockModule,
        TypeOrmModule.forRoot(
          dataSourceOptions({
            url: config.DATABASE_URL,
            poolSize: config.DB_POOL_SIZE,
            entities: [
              OutboxEvent,
              ...ORG_ENTITIES,
              ...TICKET_ENTITIES,
              ...NOTIFICATION_ENTITIES,
              ...REPORT_ENTITIES,
              ...SLA_ENTITIES,
              ...INCIDENT_ENTITIES,
              ...KNOWLEDGE_ENTITIES,
              ...CHANGE_ENTITIES,
              ...PROBLEM_ENTITIES,
            ],
            applicationName: 'spbe-desk-worker',
          }),
        ),
        DatabaseModule,
        QueueModule,
        // The consumers: every `@Processor` class below gets a BullMQ Worker with its own Redis
        // connections from these options (closed with the worker; see processors/queue-processor.ts).
        // `registerQueue()` with no queue only loads the processor explorer: the producers stay in
        // QueueService, shared with the api.
        BullModule.forRoot({
          connection: { url: config.REDIS_URL, ...redisOptions(true) },
          prefix: config.QUEUE_PREFIX,
        }),
        BullModule.registerQueue(),
        TicketsModule,
        SlaModule,
        NotificationsModule,
        ReportsModule,
        EscalationModule,
        IncidentsModule,
        KnowledgeModule,
        ProblemsModule,
        ChangesModule,
      ],
      providers: [
        OutboxRelayService,
        DomainEventsProcessor,
        MaintenanceProcessor,
        SlaTimersProcessor,
        MailProcessor,
        NotificationHandlers,
        ReportsProcessor,
        TicketEventsPublisher,
        RecordEventsPublisher,
        TicketTimersProcessor,
        ChangeTimersProcessor,
      ],
    };
  }
}
