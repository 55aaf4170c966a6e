import type { Pool } from 'pg';

/** A milestone of a project (its programme looked up), as the delivery area stores it. */
export async function insertMilestone(db: Pool, organisationId: string, projectId: string, ownerPersonId: string, values: { title?: string; baselineDate: string; forecastDate?: string; actualDate?: string | null }): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO milestones (organisation_id, programme_id, project_id, title, baseline_date, forecast_date, actual_date, status, owner_person_id)
     SELECT $1, p.programme_id, p.id, $3, $4, $5, $6::date, CASE WHEN $6::date IS NULL THEN 'in_progress' ELSE 'achieved' END, $7 FROM projects p WHERE p.id = $2 RETURNING id`,
    [organisationId, projectId, values.title ?? 'Go live', values.baselineDate, values.forecastDate ?? values.baselineDate, values.actualDate ?? null, ownerPersonId],
  );
  return rows[0].id;
}

/** A made decision on a project in the decision log (the accountability area's table). */
export async function insertMadeDecision(db: Pool, organisationId: string, projectId: string, ownerPersonId: string, title = 'Move go-live to the new date'): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO decisions (organisation_id, programme_id, project_id, title, owner_person_id, status, decided_by, decided_on, rationale)
     SELECT $1, p.programme_id, p.id, $3, $4, 'made', 'Programme board', current_date, 'Supplier delay accepted' FROM projects p WHERE p.id = $2 RETURNING id`,
    [organisationId, projectId, title, ownerPersonId],
  );
  return rows[0].id;
}

/** A re-baseline of a milestone by a decision. */
export async function insertRebaseline(db: Pool, organisationId: string, milestoneId: string, decisionId: string, baselineDate: string): Promise<void> {
  await db.query(
    `INSERT INTO milestone_rebaselines (organisation_id, milestone_id, decision_id, previous_baseline_date, baseline_date) SELECT $1, m.id, $3, m.baseline_date, $4 FROM milestones m WHERE m.id = $2`,
    [organisationId, milestoneId, decisionId, baselineDate],
  );
}

export interface BenefitValues {
  title?: string;
  kind?: string;
  kpiIds?: string[];
  realisationKpiId?: string | null;
  profile?: Record<string, string>;
  baselineValue?: string;
  targetValue?: string;
}

/** A benefit of a project with its linked KPIs and planned profile. */
export async function insertBenefit(db: Pool, organisationId: string, projectId: string, ownerPersonId: string, values: BenefitValues = {}): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO benefits (organisation_id, programme_id, project_id, title, kind, unit, owner_person_id, baseline_value, target_value, realisation_kpi_id)
     SELECT $1, p.programme_id, p.id, $3, $4, 'GBP', $5, $6, $7, $8 FROM projects p WHERE p.id = $2 RETURNING id`,
    [organisationId, projectId, values.title ?? 'Fewer calls', values.kind ?? 'cash_releasing', ownerPersonId, values.baselineValue ?? '0', values.targetValue ?? '120000', values.realisationKpiId ?? null],
  );
  const id = rows[0].id as string;
  for (const kpiId of values.kpiIds ?? []) await linkBenefitKpi(db, organisationId, id, kpiId);
  for (const [financialYear, planned] of Object.entries(values.profile ?? {})) {
    await db.query(`INSERT INTO benefit_profile_years (organisation_id, benefit_id, financial_year, planned) VALUES ($1, $2, $3, $4)`, [organisationId, id, financialYear, planned]);
  }
  return id;
}

export async function linkBenefitKpi(db: Pool, organisationId: string, benefitId: string, kpiId: string): Promise<void> {
  await db.query(`INSERT INTO benefit_kpis (organisation_id, benefit_id, kpi_id) VALUES ($1, $2, $3)`, [organisationId, benefitId, kpiId]);
}

export async function insertRealisation(db: Pool, organisationId: string, benefitId: string, period: string, amount: string): Promise<void> {
  await db.query(`INSERT INTO benefit_realisations (organisation_id, benefit_id, period, amount, evidence) VALUES ($1, $2, $3, $4, 'FIN-REPORT')`, [organisationId, benefitId, period, amount]);
}
