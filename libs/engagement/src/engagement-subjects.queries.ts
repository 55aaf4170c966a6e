import { joinSubjectProject, registerSubjectResolvers } from '@app/platform';

/** A withdrawn record is still answered for (its history stays readable) through its kept versions. */
const withdrawn = (type: string) => `
  UNION SELECT DISTINCT v.record_id AS ref, p.programme_id, p.id AS project_id FROM engagement_record_versions v ${joinSubjectProject('v')}
   WHERE v.organisation_id = $1 AND v.record_id = ANY ($2::uuid[]) AND v.record_type = '${type}'`;

/** The programme and project of each kind of stakeholder evidence, for the permission check. */
export const ENGAGEMENT_SUBJECTS = registerSubjectResolvers({
  stakeholder_group: `SELECT s.id AS ref, p.programme_id, p.id AS project_id FROM stakeholder_groups s ${joinSubjectProject('s')} WHERE s.organisation_id = $1 AND s.id = ANY ($2::uuid[])`,
  engagement: `SELECT e.id AS ref, p.programme_id, p.id AS project_id FROM engagements e ${joinSubjectProject('e')} WHERE e.organisation_id = $1 AND e.id = ANY ($2::uuid[])${withdrawn('engagement')}`,
  buy_in_reading: `SELECT b.id AS ref, p.programme_id, p.id AS project_id FROM buy_in_readings b ${joinSubjectProject('b')} WHERE b.organisation_id = $1 AND b.id = ANY ($2::uuid[])${withdrawn('buy_in_reading')}`,
  training_record: `SELECT t.id AS ref, p.programme_id, p.id AS project_id FROM training_records t ${joinSubjectProject('t')} WHERE t.organisation_id = $1 AND t.id = ANY ($2::uuid[])${withdrawn('training_record')}`,
});
