import { ClockModule } from '@desk/common';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { CHANGE_ENTITIES, ChangesModule } from '@desk/changes';
import { AppConfig, ConfigModule, LoggingModule } from '@desk/config';
import { DatabaseModule, dataSourceOptions, OutboxEvent } from '@desk/database';
import { EscalationModule } from '@desk/escalation';
import { INCIDENT_ENTITIES, IncidentsModule } from '@desk/incidents';
import { KNOWLEDGE_ENTITIES, KnowledgeModule } from '@desk/knowledge';
import { NOTIFICATION_ENTITIES, NotificationsModule } from '@desk/notifications';
import { PROBLEM_ENTITIES, ProblemsModule } from '@desk/problems';
import { ORG_ENTITIES, OrgAuthModule } from '@desk/org-auth';
import { QueueModule } from '@desk/queue';
import { REPORT_ENTITIES, ReportsModule } from '@desk/reports';
import { SLA_ENTITIES, SlaModule } from '@desk/sla';
import { TICKET_ENTITIES, TicketsModule } from '@desk/tickets';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthController } from './controllers/auth.controller';
import { ChangesController } from './controllers/changes.controller';
import { EventsController } from './controllers/events.controller';
import { RecordEventsController } from './controllers/record-events.controller';
import { IncidentsController, TicketConversionController } from './controllers/incidents.controller';
import { HealthController } from './controllers/health.controller';
import { KnowledgeController } from './controllers/knowledge.controller';
import { OrgController } from './controllers/org.controller';
import { ProblemsController } from './controllers/problems.controller';
import { PreferencesController } from './controllers/preferences.controller';
import { QueuesController } from './controllers/queues.controller';
import { ReportSubscriptionsController } from './controllers/report-subscriptions.controller';
import { ReportsController } from './controllers/reports.controller';
import { SlaController } from './controllers/sla.controller';
import {
  ContactController,
  ReplyTemplatesController,
  TicketOverviewsController,
  TicketToolsController,
} from './controllers/ticket-tools.controller';
import { TicketsController } from './controllers/tickets.controller';
import { CapturedMailModule } from './dev/captured-mail.module';
import { AuthGuard } from './http/auth.guard';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { ChangeEventsService } from './events/change-events.service';
import { IncidentEventsService } from './events/incident-events.service';
import { ProblemEventsService } from './events/problem-events.service';
import { TicketEventsService } from './events/ticket-events.service';
import { DemoSeeder } from './startup/demo-seeder';
import { StartupService } from './startup/startup.service';

export const ENTITIES = [
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
];

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config, 'api'),
        ClockModule,
        TypeOrmModule.forRoot(
          dataSourceOptions({
            url: config.DATABASE_URL,
            poolSize: config.DB_POOL_SIZE,
            entities: ENTITIES,
            applicationName: 'spbe-desk-api',
          }),
        ),
        DatabaseModule,
        QueueModule,
        TerminusModule.forRoot({ logger: false }),
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'login', ttl: 60_000, limit: config.LOGIN_RATE_LIMIT }],
          storage: new ThrottlerStorageRedisService(config.REDIS_URL),
        }),
        OrgAuthModule,
        TicketsModule,
        SlaModule,
        NotificationsModule,
        ReportsModule,
        EscalationModule,
        IncidentsModule,
        KnowledgeModule,
        ProblemsModule,
        ChangesModule,
        ...CapturedMailModule.when(config),
      ],
      controllers: [
        HealthController,
        AuthController,
        OrgController,
        ContactController,
        // Before TicketsController: `by-number/...` and `bulk` are not ticket ids.
        TicketToolsController,
        ReplyTemplatesController,
        TicketOverviewsController,
        TicketsController,
        SlaController,
        QueuesController,
        PreferencesController,
        ReportsController,
        ReportSubscriptionsController,
        EventsController,
        RecordEventsController,
        IncidentsController,
        TicketConversionController,
        KnowledgeController,
        ChangesController,
        ProblemsController,
      ],
      providers: [
        StartupService,
        DemoSeeder,
        TicketEventsService,
        IncidentEventsService,
        ChangeEventsService,
        ProblemEventsService,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
