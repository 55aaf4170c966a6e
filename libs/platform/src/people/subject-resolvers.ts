import type { SubjectKind } from './route-subjects';

/**
 * SQL that maps a set of ids of one kind to their programme and project, in one statement:
 * $1 is the organisation, $2 the ids (uuid[]); it returns `ref`, `programme_id` and `project_id`,
 * one row per id it can see (row-level security hides restricted ones). A kind whose records name an
 * owner may also return `owner_person_id`: the owner may then change the record without a membership.
 */
export type SubjectResolverSql = string;

const resolvers = new Map<SubjectKind, SubjectResolverSql>();

/**
 * Each area registers the kinds whose tables it owns (from its `*-subjects.queries.ts`, loaded by
 * its index), so platform checks permissions without naming another area's tables.
 */
export function registerSubjectResolvers(kinds: Partial<Record<SubjectKind, SubjectResolverSql>>): Partial<Record<SubjectKind, SubjectResolverSql>> {
  for (const [kind, sql] of Object.entries(kinds) as [SubjectKind, SubjectResolverSql][]) {
    const known = resolvers.get(kind);
    if (known !== undefined && known !== sql) throw new Error(`subject kind "${kind}" is registered twice with different SQL`);
    resolvers.set(kind, sql);
  }
  return kinds;
}

/** The registered SQL for a kind; a kind nobody registered fails closed. */
export function subjectResolver(kind: SubjectKind): SubjectResolverSql {
  const sql = resolvers.get(kind);
  if (sql === undefined) throw new Error(`no subject resolver is registered for "${kind}": the area that owns it must register it (registerSubjectResolvers)`);
  return sql;
}

/** Kinds that routes name but nobody registered: checked at boot by the API. */
export const unresolvedSubjectKinds = (kinds: Iterable<SubjectKind>): SubjectKind[] => [...new Set(kinds)].filter((k) => !resolvers.has(k));

/** Every area may read programmes and projects, so these two kinds stay with platform. */
registerSubjectResolvers({
  programme: `SELECT g.id AS ref, g.id AS programme_id, NULL::uuid AS project_id FROM programmes g WHERE g.organisation_id = $1 AND g.id = ANY ($2::uuid[])`,
  project: `SELECT p.id AS ref, p.programme_id, p.id AS project_id FROM projects p WHERE p.organisation_id = $1 AND p.id = ANY ($2::uuid[])`,
});

/** For resolvers of kinds that hang from a project: the join to it (programmes and projects are shared reads). */
export const joinSubjectProject = (alias: string): string => `JOIN projects p ON p.organisation_id = ${alias}.organisation_id AND p.id = ${alias}.project_id`;
