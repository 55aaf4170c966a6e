import { csvLine } from '@app/platform';
import type { DeliveryConfidence } from '@app/portfolio';

/** One project's line of the major-projects return; money as decimal strings. */
export interface ReturnLine {
  programmeId: string;
  programmeCode: string;
  programmeName: string;
  projectId: string;
  projectCode: string;
  projectName: string;
  phase: string;
  /** Delivery confidence as the project reported it for the period (null: not reported), and as the evidence rates it. */
  reportedConfidence: DeliveryConfidence | null;
  evidenceConfidence: DeliveryConfidence | null;
  keyMilestone: string | null;
  baselineDate: string | null;
  forecastDate: string | null;
  financialYear: string | null;
  budget: string | null;
  spent: string | null;
  forecast: string | null;
  wholeLifeCostBaseline: string;
  wholeLifeCostForecast: string;
  benefitsPlannedTotal: string;
  benefitsPlannedToDate: string;
  benefitsRealisedToDate: string;
  narrative: string | null;
}

export interface MajorProjectsReturn {
  period: string;
  evidenceAsOf: string;
  lines: ReturnLine[];
}

export const RETURN_COLUMNS: { header: string; key: keyof ReturnLine; money?: boolean; date?: boolean }[] = [
  { header: 'Programme code', key: 'programmeCode' },
  { header: 'Programme', key: 'programmeName' },
  { header: 'Project code', key: 'projectCode' },
  { header: 'Project', key: 'projectName' },
  { header: 'Phase', key: 'phase' },
  { header: 'Delivery confidence (reported)', key: 'reportedConfidence' },
  { header: 'Delivery confidence (evidence)', key: 'evidenceConfidence' },
  { header: 'Key milestone', key: 'keyMilestone' },
  { header: 'Baseline date', key: 'baselineDate', date: true },
  { header: 'Forecast date', key: 'forecastDate', date: true },
  { header: 'Financial year', key: 'financialYear' },
  { header: 'Budget', key: 'budget', money: true },
  { header: 'Spent', key: 'spent', money: true },
  { header: 'Forecast', key: 'forecast', money: true },
  { header: 'Whole-life cost baseline', key: 'wholeLifeCostBaseline', money: true },
  { header: 'Whole-life cost forecast', key: 'wholeLifeCostForecast', money: true },
  { header: 'Benefits planned (whole life)', key: 'benefitsPlannedTotal', money: true },
  { header: 'Benefits planned to date', key: 'benefitsPlannedToDate', money: true },
  { header: 'Benefits realised to date', key: 'benefitsRealisedToDate', money: true },
  { header: 'Narrative', key: 'narrative' },
];

/** The return as CSV, one row per project, formula-safe (csvLine escapes). */
export function majorProjectsReturnCsv(ret: MajorProjectsReturn): string {
  let out = csvLine(['Period', ...RETURN_COLUMNS.map((c) => c.header)]);
  for (const line of ret.lines) out += csvLine([ret.period, ...RETURN_COLUMNS.map((c) => line[c.key])]);
  return out;
}
