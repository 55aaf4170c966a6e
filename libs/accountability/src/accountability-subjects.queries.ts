import { registerSubjectResolvers } from '@app/platform';

/**
 * The programme and project of each kind of accountability record, for the permission check; the
 * owner too, who may change their own action or risk without a membership.
 */
const resolver = (table: string) =>
  `SELECT r.id AS ref, r.programme_id, r.project_id, r.owner_person_id FROM ${table} r WHERE r.organisation_id = $1 AND r.id = ANY ($2::uuid[])`;

export const ACCOUNTABILITY_SUBJECTS = registerSubjectResolvers({
  action: resolver('actions'),
  risk: resolver('risks'),
  issue: resolver('issues'),
  decision: resolver('decisions'),
  dependency: resolver('dependencies'),
});
