import { stringify } from 'csv-stringify/sync';
import type { Locale } from './report-period';

/** A cell of an exported table: text, a number (written with the reader's decimal mark) or empty. */
export type ExportCell = string | number | null;

/** Spreadsheets run cells starting with = + - @ as formulas: such text is prefixed with a quote. */
export const safeCell = (value: ExportCell): ExportCell =>
  typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;

/**
 * The only CSV writer of the app: a UTF-8 byte order mark (Excel then reads UTF-8), and for an
 * Indonesian reader `;` between cells and a decimal comma (what Excel set to Indonesian expects);
 * for an English reader `,` and a decimal point. Text cells go through `safeCell`.
 */
export function writeCsv(rows: ExportCell[][], locale: Locale): string {
  const id = locale !== 'en';
  const number = (n: number) => (id ? String(n).replace('.', ',') : String(n));
  const cells = rows.map((row) => row.map((c) => (typeof c === 'number' ? number(c) : safeCell(c))));
  return '\uFEFF' + stringify(cells, { delimiter: id ? ';' : ',', record_delimiter: 'windows' });
}
