/**
 * SLA reports (JSON, CSV and the report mail with chart, CSV and PDF) and report subscriptions that
 * deliver each period once.
 */
export * from './dto/report-subscription.dto';
export * from './dto/report-subscription.view';
export * from './dto/sla-report.query';
export * from './dto/sla-report.view';
export * from './entities';
export * from './report-chart';
export * from './report-delivery.service';
export * from './report-mail';
export * from './report-pdf';
export * from './report-period';
export * from './report-scheduler';
export * from './report-subscription.repository';
export * from './report-subscription.service';
export * from './reports.errors';
export * from './reports.module';
export * from './csv-writer';
export * from './report-table';
export * from './sla-report.csv';
export * from './sla-report.xlsx';
export * from './service-records-report.repository';
export * from './sla-report.repository';
export * from './sla-report.service';
