/** Byte order mark: without it Excel reads UTF-8 CSV as Windows-1252 and mangles Arabic and Tifinagh. */
export const CSV_BOM = '\uFEFF';

// A cell starting with one of these is read as a formula by spreadsheets (CSV injection);
// a leading apostrophe makes it plain text.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180: comma-separated, CRLF line ends, with the BOM first. */
export function toCsv(rows: (string | number | boolean | null | undefined)[][]): string {
  return CSV_BOM + rows.map((row) => row.map(csvCell).join(',') + '\r\n').join('');
}
