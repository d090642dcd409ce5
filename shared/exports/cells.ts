// Cells of the files the secretariat downloads (finance's disbursements, the
// applications of a call), made safe for spreadsheets: a text that starts
// with = + - @, a tab or a carriage return would be read as a formula (or
// DDE) by Excel, LibreOffice or Google Sheets, so it gets a leading
// apostrophe. Names and titles come from applicants; nothing they type may
// run in the secretariat's spreadsheet.

/** The text as a spreadsheet must show it: prefixed with `'` when it could start a formula. */
export const guardFormula = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/** A cell of a CSV: quoted, quotes doubled, guarded against formulas. */
export const csvCell = (value: unknown): string => `"${guardFormula(String(value ?? '')).replace(/"/g, '""')}"`;

/** Rows as CSV (RFC 4180: CRLF line ends, every cell quoted). */
export const toCsv = (rows: readonly (readonly unknown[])[]): string => rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
