import type ExcelJSType from 'exceljs';
import { safeCell } from './csv-writer';
import { SlaReportView } from './dto/sla-report.view';
import type { Locale } from './report-period';
import { reportSections } from './report-table';

/**
 * The report as an XLSX workbook (exceljs): the same sections as the CSV on one sheet, numbers as
 * numbers (the spreadsheet shows them with the user's own decimal mark), titles in bold.
 */
export async function slaReportXlsx(report: SlaReportView, locale: Locale = 'id'): Promise<Buffer> {
  // exceljs (~8 MB of heap once loaded) is loaded by the first XLSX download, not at start.
  const { default: ExcelJS }: { default: typeof ExcelJSType } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'SPBE Service Desk';
  const sheet = book.addWorksheet(locale === 'en' ? 'SLA report' : 'Laporan SLA');
  for (const section of reportSections(report, locale)) {
    sheet.addRow([section.title]).font = { bold: true, size: 12 };
    sheet.addRow(section.header).font = { bold: true };
    for (const row of section.rows) sheet.addRow(row.map((c) => safeCell(c)));
    sheet.addRow([]);
  }
  sheet.columns.forEach((column, i) => {
    column.width = i === 0 ? 40 : 18;
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
