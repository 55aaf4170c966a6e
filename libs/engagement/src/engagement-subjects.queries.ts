import { joinSubjectProject, registerSubjectResolvers } from '@app/platform';

/** The programme and project of each kind of stakeholder evidence, for the permission check. */
export const ENGAGEMENT_SUBJECTS = registerSubjectResolvers({
  stakeholder_group: `SELECT s.id AS ref, p.programme_id, p.id AS project_id FROM stakeholder_groups s ${joinSubjectProject('s')} WHERE s.organisation_id = $1 AND s.id = ANY ($2::uuid[])`,
  engagement: `SELECT e.id AS ref, p.programme_id, p.id AS project_id FROM engagements e ${joinSubjectProject('e')} WHERE e.organisation_id = $1 AND e.id = ANY ($2::uuid[])`,
  buy_in_reading: `SELECT b.id AS ref, p.programme_id, p.id AS project_id FROM buy_in_readings b ${joinSubjectProject('b')} WHERE b.organisation_id = $1 AND b.id = ANY ($2::uuid[])`,
  training_record: `SELECT t.id AS ref, p.programme_id, p.id AS project_id FROM training_records t ${joinSubjectProject('t')} WHERE t.organisation_id = $1 AND t.id = ANY ($2::uuid[])`,
});
