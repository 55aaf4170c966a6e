import { registerSubjectResolvers } from '@app/platform';

/** The programme and project of each milestone and benefit, for the permission check. */
const resolver = (table: string) =>
  `SELECT r.id AS ref, r.programme_id, r.project_id, r.owner_person_id FROM ${table} r WHERE r.organisation_id = $1 AND r.id = ANY ($2::uuid[])`;

export const DELIVERY_SUBJECTS = registerSubjectResolvers({
  milestone: resolver('milestones'),
  benefit: resolver('benefits'),
});
