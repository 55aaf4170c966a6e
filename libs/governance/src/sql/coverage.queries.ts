import { RULES } from '../governance.enums';

const RULE_SUBJECTS = RULES.map((r) => `('${r.code}', '${r.subject}')`).join(', ');

/**
 * Governance coverage per organisation and rule, for the organisations in an array expression: the
 * share (percent, one decimal) of active projects, or active programmes for programme rules, with
 * no unresolved flag for the rule. The same count the coverage page makes, as one statement over
 * many organisations (the benchmarks, as the worker) or one (an organisation's own figure).
 */
export const ruleCoverageByOrganisationSql = (organisations: string): string => `
  WITH subjects AS (
    SELECT p.organisation_id, 'project' AS subject_type, count(*)::int AS total
      FROM projects p WHERE p.organisation_id = ANY(${organisations}) AND p.status = 'active' AND p.phase <> 'retired' GROUP BY 1
    UNION ALL
    SELECT g.organisation_id, 'programme', count(*)::int
      FROM programmes g WHERE g.organisation_id = ANY(${organisations}) AND g.status = 'active' GROUP BY 1),
  rules (rule, subject_type) AS (VALUES ${RULE_SUBJECTS}),
  failing AS (
    SELECT f.organisation_id, f.rule, count(DISTINCT f.subject_id)::int AS n
      FROM flags f
      LEFT JOIN projects p ON f.subject_type = 'project' AND p.organisation_id = f.organisation_id AND p.id = f.subject_id
      LEFT JOIN programmes g ON f.subject_type = 'programme' AND g.organisation_id = f.organisation_id AND g.id = f.subject_id
     WHERE f.organisation_id = ANY(${organisations}) AND f.status <> 'resolved'
       AND ((p.status = 'active' AND p.phase <> 'retired') OR g.status = 'active')
     GROUP BY 1, 2)
  SELECT s.organisation_id, r.rule, round((s.total - coalesce(x.n, 0)) * 100.0 / s.total, 1) AS passing_pct
    FROM subjects s JOIN rules r ON r.subject_type = s.subject_type
    LEFT JOIN failing x ON x.organisation_id = s.organisation_id AND x.rule = r.rule
   WHERE s.total > 0`;
