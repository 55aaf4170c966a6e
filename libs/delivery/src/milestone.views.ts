import type { MilestoneStatus } from './delivery.enums';

/** A re-baseline: the decision that agreed it, the baseline it replaced and the new one. */
export interface RebaselineView {
  id: string;
  decisionId: string;
  previousBaselineDate: string;
  baselineDate: string;
  createdAt: string;
}

/** A milestone with its current baseline (the latest re-baseline's, else the first) and its slip against it. */
export interface MilestoneView {
  id: string;
  programmeId: string;
  projectId: string | null;
  title: string;
  /** The baseline first agreed; never edited. */
  originalBaselineDate: string;
  /** The baseline now in force: the latest re-baseline decision's date, else the original. */
  baselineDate: string;
  forecastDate: string;
  actualDate: string | null;
  status: MilestoneStatus;
  ownerPersonId: string;
  /** Days the forecast (the actual date, once achieved) is after the current baseline; negative when ahead. */
  slipDays: number;
  rebaselines: RebaselineView[];
  /** Set when an integration created it by its own id. */
  externalRef: { source: string; id: string } | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface MilestoneRow {
  id: string;
  programme_id: string;
  project_id: string | null;
  title: string;
  original_baseline_date: string;
  baseline_date: string;
  forecast_date: string;
  actual_date: string | null;
  status: MilestoneStatus;
  owner_person_id: string;
  slip_days: number;
  external_source: string | null;
  external_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export const toMilestoneView = (r: MilestoneRow, rebaselines: RebaselineView[]): MilestoneView => ({
  id: r.id,
  programmeId: r.programme_id,
  projectId: r.project_id,
  title: r.title,
  originalBaselineDate: r.original_baseline_date,
  baselineDate: r.baseline_date,
  forecastDate: r.forecast_date,
  actualDate: r.actual_date,
  status: r.status,
  ownerPersonId: r.owner_person_id,
  slipDays: r.slip_days,
  rebaselines,
  externalRef: r.external_source && r.external_id ? { source: r.external_source, id: r.external_id } : null,
  version: r.version,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});
