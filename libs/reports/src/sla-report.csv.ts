import { writeCsv } from './csv-writer';
import { SlaReportView } from './dto/sla-report.view';
import type { Locale } from './report-period';
import { reportSections, sectionRows } from './report-table';

/**
 * The report as CSV for the reader's spreadsheet, one section after another (a title row, a header
 * row, data rows, a blank row), so each section can be cut out for further work.
 */
export function slaReportCsv(report: SlaReportView, locale: Locale = 'id'): string {
  return writeCsv(sectionRows(reportSections(report, locale)), locale);
}
