import type { BenefitKind, RealisationSource } from './delivery.enums';

/** Planned and realised to the end of a period; money (or the benefit's unit) as decimal strings. */
export interface BenefitPosition {
  plannedTotal: string;
  plannedToDate: string;
  realisedToDate: string;
  /** realised to date as a percent of planned to date, one decimal; null with nothing planned yet. */
  realisedPctOfPlan: number | null;
}

export interface BenefitPeriodView {
  period: string;
  amount: string;
  source: RealisationSource;
  evidence: string | null;
}

export interface BenefitView {
  id: string;
  programmeId: string;
  projectId: string | null;
  objectiveId: string | null;
  title: string;
  kind: BenefitKind;
  unit: string;
  ownerPersonId: string;
  baselineValue: string;
  targetValue: string;
  kpiIds: string[];
  /** The KPI whose measurements are the realised amounts; null when they are entered with evidence. */
  realisationKpiId: string | null;
  /** Linked KPIs that are measurable; none raises benefit_unmeasured. */
  measurableKpis: number;
  profile: { financialYear: string; planned: string }[];
  realised: BenefitPeriodView[];
  /** As at the end of `period`. */
  period: string;
  position: BenefitPosition;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Planned against realised over a set of benefits (a project's, a programme's, an objective's). */
export interface BenefitsSummaryView {
  subject: { type: 'project' | 'programme' | 'objective'; id: string };
  period: string;
  /** Over the money kinds (cash-releasing and non-cash-releasing), in pounds; non-monetised benefits are listed, not added. */
  totals: BenefitPosition;
  benefits: BenefitView[];
}
