import { joinSubjectProject, registerSubjectResolvers } from '@app/platform';

/** A spend entry's or commitment's programme and project, for the permission check of routes that name them. */
export const FINANCE_SUBJECTS = registerSubjectResolvers({
  commitment: `SELECT c.id AS ref, p.programme_id, p.id AS project_id FROM commitments c ${joinSubjectProject('c')} WHERE c.organisation_id = $1 AND c.id = ANY ($2::uuid[])`,
  spend_entry: `SELECT s.id AS ref, p.programme_id, p.id AS project_id FROM spend_entries s ${joinSubjectProject('s')} WHERE s.organisation_id = $1 AND s.id = ANY ($2::uuid[])`,
});
