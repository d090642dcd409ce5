// The applications table (./applications.ts) as an Excel workbook, with
// exceljs: numbers stay numbers (amounts in US$ with two decimals), text
// cells are plain strings guarded like the CSV's (a leading = + - @, tab or
// CR gets an apostrophe), so that nothing an applicant typed becomes a
// formula, even once a cell is edited. Only the documents function imports
// this module (exceljs is large; no other bundle carries it).
import ExcelJS from 'exceljs';
import { guardFormula } from './cells.ts';
import type { ExportTable } from './applications.ts';

const MONEY_COLUMNS = /_usd$/;

export async function applicationsWorkbook(table: ExportTable, about: { call: string; filters: string; generatedAt: string }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Trust Fund grants';
  workbook.created = new Date(about.generatedAt);
  const sheet = workbook.addWorksheet('Applications', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((name) => ({
    header: name,
    key: name,
    width: Math.min(50, Math.max(10, name.length + 2)),
    ...(MONEY_COLUMNS.test(name) ? { style: { numFmt: '#,##0.00' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map((cell) => (typeof cell === 'string' ? guardFormula(cell) : cell)));
  if (table.columns.length) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };

  const info = workbook.addWorksheet('About');
  info.columns = [{ width: 16 }, { width: 80 }];
  for (const [label, value] of [
    ['Call', about.call],
    ['Filters', about.filters],
    ['Applications', String(table.rows.length)],
    ['Generated', about.generatedAt],
  ]) info.addRow([label, guardFormula(value!)]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
