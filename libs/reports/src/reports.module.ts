import { Clock, SystemClock } from '@desk/common';
import { NotificationsModule } from '@desk/notifications';
import { Module } from '@nestjs/common';
import { ReportDeliveryService } from './report-delivery.service';
import { ReportScheduler } from './report-scheduler';
import { ReportSubscriptionRepository } from './report-subscription.repository';
import { ReportSubscriptionService } from './report-subscription.service';
import { SlaReportRepository } from './sla-report.repository';
import { SlaReportService } from './sla-report.service';

const PROVIDERS = [
  SlaReportRepository,
  SlaReportService,
  ReportSubscriptionRepository,
  ReportSubscriptionService,
  ReportScheduler,
  ReportDeliveryService,
];

@Module({
  imports: [NotificationsModule],
  providers: [...PROVIDERS, { provide: Clock, useClass: SystemClock }],
  exports: PROVIDERS,
})
export class ReportsModule {}
