/**
 * CSV cells that are safe to open in a spreadsheet: a cell starting with = + - @ tab or CR could
 * run as a formula (CSV injection), so it is prefixed with a quote (plain numbers excepted); every cell is quoted when it
 * holds a delimiter, quote or line break.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
// A plain number (a reversal's "-120.00") is not a formula and stays a number in the spreadsheet.
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: (string | number | boolean | null | undefined)[]): string => `${cells.map(csvCell).join(',')}\r\n`;
