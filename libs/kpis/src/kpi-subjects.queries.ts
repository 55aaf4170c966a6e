import { joinSubjectProject, registerSubjectResolvers } from '@app/platform';

/** A KPI's programme and project, for the permission check of routes that name KPIs. */
export const KPI_SUBJECTS = registerSubjectResolvers({
  kpi: `SELECT k.id AS ref, p.programme_id, p.id AS project_id FROM kpis k ${joinSubjectProject('k')} WHERE k.organisation_id = $1 AND k.id = ANY ($2::uuid[])`,
});
