import { Pool } from 'pg';
import { insertProgramme, insertProject } from './portfolio';

/** YYYY-MM-DD for today plus `days` (UTC). */
export const day = (days = 0): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The financial year containing today, April start ("2026-27"). */
export function currentFinancialYear(startMonth = 4): string {
  const now = new Date();
  const start = now.getUTCMonth() + 1 >= startMonth ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

export function lastClosedPeriod(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

export interface HealthyProject {
  projectId: string;
  programmeId: string;
  kpiId: string;
  externalGroupId: string;
  internalGroupId: string;
  engagementId: string;
  /** The person named as the programme's SRO, the project's manager and the KPI's owner. */
  ownerId: string;
}

/** A person of the organisation (active), for owners and actions. */
export async function insertPerson(db: Pool, organisationId: string, roles: string[] = ['viewer']): Promise<string> {
  return (
    await db.query(`INSERT INTO people (organisation_id, email, name, status, roles) VALUES ($1, 'p-' || substr(md5(random()::text), 1, 10) || '@example.gov.uk', 'Owner ' || substr(md5(random()::text), 1, 4), 'active', $2) RETURNING id`, [
      organisationId,
      roles,
    ])
  ).rows[0].id;
}

/**
 * A project that passes every governance rule: measurable KPI on track, recent external feedback
 * acted on, staff buy-in, training, spend within budget, a report for the last closed period, a
 * programme linked to an objective. Tests break one thing at a time. Arranged in SQL (owner).
 */
export async function insertHealthyProject(db: Pool, organisationId: string, phase = 'beta'): Promise<HealthyProject> {
  const objective = (await db.query(`INSERT INTO strategic_objectives (organisation_id, code, title) VALUES ($1, 'OBJ-' || substr(md5(random()::text), 1, 8), 'Objective') RETURNING id`, [organisationId])).rows[0].id;
  const programme = await insertProgramme(db, organisationId, { objectiveId: objective });
  const project = await insertProject(db, organisationId, { programmeId: programme.id, phase });
  const kpiId = (
    await db.query(
      `INSERT INTO kpis (organisation_id, project_id, name, kind, unit, direction, baseline_value, baseline_date, target_value, target_date, tolerance_pct, frequency)
       VALUES ($1, $2, 'User satisfaction', 'user_satisfaction', '%', 'increase', 50, $3, 80, $4, 5, 'monthly') RETURNING id`,
      [organisationId, project.id, day(-365), day(365)],
    )
  ).rows[0].id;
  await db.query(`INSERT INTO kpi_measurements (organisation_id, kpi_id, measured_on, value, source) VALUES ($1, $2, $3, 70, 'manual')`, [organisationId, kpiId, day(-10)]);
  const group = async (name: string, kind: string, internal: boolean) =>
    (await db.query(`INSERT INTO stakeholder_groups (organisation_id, project_id, name, kind, internal, size) VALUES ($1, $2, $3, $4, $5, 100) RETURNING id`, [organisationId, project.id, name, kind, internal])).rows[0].id as string;
  const externalGroupId = await group('Residents', 'citizens', false);
  const internalGroupId = await group('Frontline staff', 'frontline_staff', true);
  const engagementId = (
    await db.query(
      `INSERT INTO engagements (organisation_id, project_id, group_id, kind, occurred_on, participants, findings, actions_taken, actions_recorded_at)
       VALUES ($1, $2, $3, 'usability_test', $4, 8, 'Found the form confusing', 'Rewrote the form', now()) RETURNING id`,
      [organisationId, project.id, externalGroupId, day(-10)],
    )
  ).rows[0].id;
  await db.query(
    `INSERT INTO buy_in_readings (organisation_id, project_id, group_id, surveyed_on, respondents, supportive_pct, neutral_pct, opposed_pct) VALUES ($1, $2, $3, $4, 40, 70, 20, 10)`,
    [organisationId, project.id, internalGroupId, day(-10)],
  );
  await db.query(`INSERT INTO training_records (organisation_id, project_id, group_id, recorded_on, staff_in_scope, staff_trained) VALUES ($1, $2, $3, $4, 100, 80)`, [
    organisationId,
    project.id,
    internalGroupId,
    day(-10),
  ]);
  const fy = currentFinancialYear();
  await db.query(`INSERT INTO budgets (organisation_id, project_id, financial_year, category, amount) VALUES ($1, $2, $3, 'resource', 100000)`, [organisationId, project.id, fy]);
  await db.query(`INSERT INTO spend_totals (organisation_id, project_id, financial_year, category, total, sme_total, entry_count) VALUES ($1, $2, $3, 'resource', 50000, 0, 1)`, [
    organisationId,
    project.id,
    fy,
  ]);
  await db.query(
    `INSERT INTO status_reports (organisation_id, subject_type, project_id, period, overall, schedule, cost, scope, benefits, risk, resourcing, reported_by, state, sent_for_approval_at, approved_at)
     VALUES ($1, 'project', $2, $3, 'green', 'green', 'green', 'green', 'green', 'green', 'green', 'PMO', 'approved', now(), now())`,
    [organisationId, project.id, lastClosedPeriod()],
  );
  // The project existed before the last closed period, so a missing report would be overdue.
  await db.query(`UPDATE projects SET created_at = now() - interval '400 days' WHERE id = $1`, [project.id]);
  // Owners everywhere: the programme's SRO, the project's manager and the KPI's owner.
  const ownerId = await insertPerson(db, organisationId);
  await db.query(
    `INSERT INTO owners (organisation_id, subject_type, subject_id, programme_id, project_id, kpi_id, person_id)
     VALUES ($1, 'programme', $2, $2, NULL, NULL, $5), ($1, 'project', $3, $2, $3, NULL, $5), ($1, 'kpi', $4, $2, $3, $4, $5)`,
    [organisationId, programme.id, project.id, kpiId, ownerId],
  );
  return { projectId: project.id, programmeId: programme.id, kpiId, externalGroupId, internalGroupId, engagementId, ownerId };
}
