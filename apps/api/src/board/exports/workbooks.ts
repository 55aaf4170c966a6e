import ExcelJS from 'exceljs';
import type { PortfolioProgramme, PortfolioProject, PortfolioView } from '@app/reporting';
import { periodLabel, ratingLabel } from '../board-format';
import type { PackFlag } from '../pack-builder';

/**
 * The board's Excel exports: typed cells (numbers are numbers, dates are dates, never text), a
 * frozen header row on every table sheet, ratings and trends in words. Money is written in pounds
 * and pence with a currency format.
 */

/**
 * Money into a spreadsheet cell. Excel stores every number as a binary double, so this is the one
 * place a decimal string becomes one: as the last step, with no arithmetic after it. Any amount
 * below £90 billion with two decimal places survives the trip exactly (toFixed(2) gives the same
 * string back), which the tests check against the JSON.
 */
export function moneyCell(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value === '' || !/^-?\d+(\.\d+)?$/.test(value)) return null;
  return Number(value);
}

/** A percentage or count that is already a small decimal string ("18.0"). */
const numberCell = (value: string | number | null | undefined): number | null => (value === null || value === undefined || value === '' ? null : Number(value));

/** "2026-11-05" or an ISO timestamp -> a date cell (midnight UTC of that day). */
export function dateCell(value: string | Date | null | undefined): Date | null {
  if (!value) return null;
  const iso = value instanceof Date ? value.toISOString() : value;
  return new Date(`${iso.slice(0, 10)}T00:00:00.000Z`);
}

const MONEY = '£#,##0.00;[Red]-£#,##0.00';
const DATE = 'd mmmm yyyy';
const PCT = '0.0"%"';
const TREND: Record<string, string> = { better: 'Improved', worse: 'Worsened', same: 'No change', new: 'First report' };

interface Column {
  header: string;
  key: string;
  width: number;
  numFmt?: string;
}

function tableSheet(workbook: ExcelJS.Workbook, name: string, columns: Column[]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return sheet;
}

/** Excel's rules for sheet names: at most 31 characters, none of []:*?/\, unique in the workbook. */
export function sheetName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/[[\]:*?/\\]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 31) || 'Sheet';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n += 1) name = `${base.slice(0, 31 - String(n).length - 1)} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}

const PROJECT_COLUMNS: Column[] = [
  { header: 'Programme', key: 'programme', width: 28 },
  { header: 'Project code', key: 'code', width: 14 },
  { header: 'Project', key: 'name', width: 36 },
  { header: 'Phase', key: 'phase', width: 10 },
  { header: 'Reported rating', key: 'reported', width: 16 },
  { header: 'Reported on', key: 'reportedOn', width: 16, numFmt: DATE },
  { header: 'Trend', key: 'trend', width: 14 },
  { header: 'Evidence rating', key: 'evidence', width: 16 },
  { header: 'Optimism gap (steps)', key: 'gap', width: 12 },
  { header: 'Optimism gap flagged', key: 'gapFlagged', width: 12 },
  { header: 'KPIs', key: 'kpis', width: 8 },
  { header: 'KPIs off track', key: 'offTrack', width: 10 },
  { header: 'KPIs at risk', key: 'atRisk', width: 10 },
  { header: 'Financial year', key: 'financialYear', width: 12 },
  { header: 'Budget', key: 'budget', width: 16, numFmt: MONEY },
  { header: 'Spent', key: 'spent', width: 16, numFmt: MONEY },
  { header: 'Forecast outturn', key: 'forecast', width: 16, numFmt: MONEY },
  { header: 'Variance against budget', key: 'variance', width: 16, numFmt: MONEY },
  { header: 'Variance %', key: 'variancePct', width: 11, numFmt: PCT },
  { header: 'Over budget beyond tolerance', key: 'overBudget', width: 12 },
  { header: 'Open critical flags', key: 'critical', width: 10 },
  { header: 'Open warnings', key: 'warning', width: 10 },
  { header: 'Open for information', key: 'info', width: 10 },
];

function projectRow(g: Pick<PortfolioProgramme, 'code' | 'name'>, p: PortfolioProject) {
  return {
    programme: `${g.code} ${g.name}`,
    code: p.code,
    name: p.name,
    phase: p.phase,
    reported: ratingLabel(p.reported?.rating),
    reportedOn: dateCell(p.reported?.submittedAt),
    trend: p.trend ? TREND[p.trend] : 'No report',
    evidence: p.evidence ? ratingLabel(p.evidence.rating) : 'Not rated',
    gap: p.optimismGap,
    gapFlagged: p.optimismGapFlagged ? 'Yes' : 'No',
    kpis: p.kpis.total,
    offTrack: p.kpis.off_track,
    atRisk: p.kpis.at_risk,
    financialYear: p.finance?.financialYear ?? null,
    budget: moneyCell(p.finance?.budget),
    spent: moneyCell(p.finance?.spent),
    forecast: moneyCell(p.finance?.forecast),
    variance: moneyCell(p.finance?.variance),
    variancePct: numberCell(p.finance?.variancePct),
    overBudget: p.finance?.overBudget ? 'Yes' : 'No',
    critical: p.openFlags.critical,
    warning: p.openFlags.warning,
    info: p.openFlags.info,
  };
}

function aboutSheet(workbook: ExcelJS.Workbook, rows: [string, string | number | Date | null][]): void {
  const sheet = workbook.addWorksheet('About');
  sheet.columns = [
    { header: 'Item', key: 'item', width: 30 },
    { header: 'Value', key: 'value', width: 60 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const [item, value] of rows) {
    const row = sheet.addRow({ item, value });
    if (value instanceof Date) row.getCell('value').numFmt = DATE;
  }
}

/** The portfolio as the board page shows it (same filters and order): one row per project. */
export async function portfolioWorkbook(view: PortfolioView, organisation: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = organisation;
  const sheet = tableSheet(workbook, 'Portfolio', PROJECT_COLUMNS);
  for (const g of view.programmes) for (const p of g.projects) sheet.addRow(projectRow(g, p));
  aboutSheet(workbook, [
    ['Organisation', organisation],
    ['Reporting period', periodLabel(view.period)],
    ['Evidence up to', dateCell(view.asOf)],
    ['Evidence computed', dateCell(view.evidenceAsOf)],
    ['Financial year', view.financialYear],
    ['Projects', view.summary.projects],
    ['Projects with an optimism gap', view.summary.optimismGaps],
    ['Open critical flags', view.summary.criticalFlags],
    ['Projects over budget', view.summary.overBudget],
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

interface PackProgramme {
  id: string;
  code: string;
  name: string;
  sro: string | null;
  report: { overall?: string } | null;
  evidence: (Omit<PortfolioProgramme, 'projects'> & { evidence?: { rating: string } | null }) | null;
  projects: { project_code: string; project_name: string; report: { overall?: string; submittedAt?: string; keyRisks?: string | null; decisionsNeeded?: string | null } | null; evidence: PortfolioProject | null }[];
  openFlags: PackFlag[] | null;
}

/** The board pack: a summary of programmes, one sheet per programme, and the open flags. */
export async function packWorkbook(content: Record<string, unknown>, organisation: string): Promise<Buffer> {
  const period = content.period as string;
  const programmes = content.programmes as PackProgramme[];
  const view = content.view as PortfolioView;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = organisation;
  const taken = new Set<string>(['summary', 'open flags', 'about']);
  const summary = tableSheet(workbook, 'Summary', [
    { header: 'Programme code', key: 'code', width: 14 },
    { header: 'Programme', key: 'name', width: 36 },
    { header: 'Senior responsible owner', key: 'sro', width: 24 },
    { header: 'Reported rating', key: 'reported', width: 16 },
    { header: 'Evidence rating', key: 'evidence', width: 16 },
    { header: 'Optimism gap (steps)', key: 'gap', width: 12 },
    { header: 'Projects', key: 'projects', width: 10 },
    { header: 'Budget', key: 'budget', width: 16, numFmt: MONEY },
    { header: 'Spent', key: 'spent', width: 16, numFmt: MONEY },
    { header: 'Forecast outturn', key: 'forecast', width: 16, numFmt: MONEY },
    { header: 'Open critical flags', key: 'critical', width: 10 },
    { header: 'Open warnings', key: 'warning', width: 10 },
    { header: 'Open for information', key: 'info', width: 10 },
  ]);
  for (const g of programmes) {
    const e = g.evidence;
    summary.addRow({
      code: g.code,
      name: g.name,
      sro: g.sro,
      reported: ratingLabel(g.report?.overall ?? null),
      evidence: e?.evidence ? ratingLabel(e.evidence.rating) : 'Not rated',
      gap: e?.optimismGap ?? null,
      projects: g.projects.length,
      budget: moneyCell(e?.totals.budget),
      spent: moneyCell(e?.totals.spent),
      forecast: moneyCell(e?.totals.forecast),
      critical: e?.totals.openFlags.critical ?? null,
      warning: e?.totals.openFlags.warning ?? null,
      info: e?.totals.openFlags.info ?? null,
    });
  }
  for (const g of programmes) {
    const sheet = tableSheet(workbook, sheetName(`${g.code} ${g.name}`, taken), [
      ...PROJECT_COLUMNS.filter((c) => c.key !== 'programme'),
      { header: 'Key risks', key: 'risks', width: 40 },
      { header: 'Decisions needed', key: 'decisions', width: 40 },
    ]);
    for (const p of g.projects) {
      if (p.evidence) {
        const row = projectRow(g, p.evidence);
        sheet.addRow({ ...row, reported: ratingLabel(p.report?.overall ?? null), reportedOn: dateCell(p.report?.submittedAt), risks: p.report?.keyRisks ?? null, decisions: p.report?.decisionsNeeded ?? null });
      } else sheet.addRow({ code: p.project_code, name: p.project_name, reported: ratingLabel(p.report?.overall ?? null), reportedOn: dateCell(p.report?.submittedAt), evidence: 'Not rated', risks: p.report?.keyRisks ?? null, decisions: p.report?.decisionsNeeded ?? null });
    }
  }
  const flags = tableSheet(workbook, 'Open flags', [
    { header: 'Programme', key: 'programme', width: 28 },
    { header: 'Project or programme', key: 'subject', width: 32 },
    { header: 'Flag', key: 'title', width: 32 },
    { header: 'Severity', key: 'severity', width: 10 },
    { header: 'Evidence', key: 'sentence', width: 70 },
    { header: 'Owner', key: 'owners', width: 24 },
    { header: 'Acknowledged', key: 'acknowledged', width: 12 },
    { header: 'Open since', key: 'openSince', width: 16, numFmt: DATE },
  ]);
  for (const g of programmes)
    for (const f of g.openFlags ?? [])
      flags.addRow({ programme: `${g.code} ${g.name}`, subject: f.subject, title: f.title, severity: f.severity[0].toUpperCase() + f.severity.slice(1), sentence: f.sentence, owners: f.owners, acknowledged: f.status === 'acknowledged' ? 'Yes' : 'No', openSince: dateCell(f.openSince) });
  aboutSheet(workbook, [
    ['Organisation', organisation],
    ['Board pack for', periodLabel(period)],
    ['Reports as submitted by', dateCell(content.cutOff as string)],
    ['Evidence up to', dateCell(view.asOf)],
    ['Financial year', view.financialYear],
    ['Open flags listed', programmes.some((g) => g.openFlags) ? 'Those open when the pack was produced' : 'Not kept for an earlier period'],
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
