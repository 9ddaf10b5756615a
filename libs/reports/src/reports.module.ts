import { OrgAuthModule } from '@desk/org-auth';
import { NotificationsModule } from '@desk/notifications';
import { Module } from '@nestjs/common';
import { ReportDeliveryService } from './report-delivery.service';
import { ReportScheduler } from './report-scheduler';
import { ReportSubscriptionRepository } from './report-subscription.repository';
import { ReportSubscriptionService } from './report-subscription.service';
import { ServiceRecordsReportRepository } from './service-records-report.repository';
import { SlaReportRepository } from './sla-report.repository';
import { SlaReportService } from './sla-report.service';

const PROVIDERS = [
  SlaReportRepository,
  ServiceRecordsReportRepository,
  SlaReportService,
  ReportSubscriptionRepository,
  ReportSubscriptionService,
  ReportScheduler,
  ReportDeliveryService,
];

@Module({
  imports: [OrgAuthModule, NotificationsModule],
  providers: [...PROVIDERS],
  exports: PROVIDERS,
})
export class ReportsModule {}
