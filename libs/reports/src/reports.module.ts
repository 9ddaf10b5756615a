import { Clock, SystemClock } from '@desk/common';
import { Module } from '@nestjs/common';
import { SlaReportRepository } from './sla-report.repository';
import { SlaReportService } from './sla-report.service';

const PROVIDERS = [SlaReportRepository, SlaReportService];

@Module({
  providers: [...PROVIDERS, { provide: Clock, useClass: SystemClock }],
  exports: PROVIDERS,
})
export class ReportsModule {}
