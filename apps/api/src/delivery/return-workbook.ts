import ExcelJS from 'exceljs';
import { MajorProjectsReturn, RETURN_COLUMNS } from '@app/reporting';
import { dateCell, moneyCell } from '../board/exports/workbooks';

const MONEY = '£#,##0.00;[Red]-£#,##0.00';
const DATE = 'd mmmm yyyy';

/** The return as an Excel workbook, as the board's exports are: typed cells (money in pounds and pence, dates as dates), a frozen header row. */
export async function majorProjectsReturnWorkbook(ret: MajorProjectsReturn): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date(ret.evidenceAsOf);
  const sheet = workbook.addWorksheet(`Return ${ret.period}`, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: 'Period', key: 'period', width: 10 },
    ...RETURN_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.key === 'narrative' ? 60 : c.money ? 18 : 22, style: c.money ? { numFmt: MONEY } : c.date ? { numFmt: DATE } : {} })),
  ];
  sheet.getRow(1).font = { bold: true };
  for (const line of ret.lines) {
    sheet.addRow({ period: ret.period, ...Object.fromEntries(RETURN_COLUMNS.map((c) => [c.key, c.money ? moneyCell(line[c.key] as string | null) : c.date ? dateCell(line[c.key] as string | null) : line[c.key]])) });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
