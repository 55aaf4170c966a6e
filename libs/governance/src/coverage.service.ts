import { Injectable } from '@nestjs/common';
import { Actor, Db } from '@app/platform';
import { RULES } from './governance.enums';

interface CoverageCell {
  rule: string;
  title: string;
  subject: 'project' | 'programme';
  total: number;
  passing: number;
  passingPct: number | null;
}

const cell = (rule: (typeof RULES)[number], total: number, failing: number): CoverageCell => ({
  rule: rule.code,
  title: rule.title,
  subject: rule.subject,
  total,
  passing: total - failing,
  passingPct: total === 0 ? null : Math.round(((total - failing) * 1000) / total) / 10,
});

/** For each rule, the share of active projects (or programmes) with no unresolved flag: a board's measure of its own governance. */
@Injectable()
export class CoverageService {
  constructor(private readonly db: Db) {}

  coverage(actor: Actor) {
    return this.db.tenant(actor, async (tx) => {
      const programmes = await tx.query<{ id: string; code: string; name: string; projects: number }>(
        `SELECT g.id, g.code, g.name, count(p.id) FILTER (WHERE p.status = 'active' AND p.phase <> 'retired')::int AS projects
           FROM programmes g LEFT JOIN projects p ON p.organisation_id = g.organisation_id AND p.programme_id = g.id
          WHERE g.organisation_id = $1 AND g.status = 'active' GROUP BY g.id ORDER BY g.code`,
        [tx.organisationId],
      );
      const failing = await tx.query<{ programme_id: string; rule: string; n: number }>(
        `SELECT f.programme_id, f.rule, count(DISTINCT f.subject_id)::int AS n
           FROM flags f
           LEFT JOIN projects p ON p.organisation_id = f.organisation_id AND p.id = f.project_id
          WHERE f.organisation_id = $1 AND f.status <> 'resolved' AND (f.project_id IS NULL OR (p.status = 'active' AND p.phase <> 'retired'))
          GROUP BY f.programme_id, f.rule`,
        [tx.organisationId],
      );
      const failed = (programmeId: string | null, rule: string) =>
        failing.filter((f) => f.rule === rule && (programmeId === null || f.programme_id === programmeId)).reduce((sum, f) => sum + f.n, 0);
      const totalProjects = programmes.reduce((sum, g) => sum + g.projects, 0);
      const rules = (programmeId: string | null, projects: number, programmeCount: number) =>
        RULES.map((rule) => cell(rule, rule.subject === 'project' ? projects : programmeCount, failed(programmeId, rule.code)));
      return {
        organisation: { activeProjects: totalProjects, activeProgrammes: programmes.length, rules: rules(null, totalProjects, programmes.length) },
        programmes: programmes.map((g) => ({ programmeId: g.id, code: g.code, name: g.name, activeProjects: g.projects, rules: rules(g.id, g.projects, 1) })),
      };
    });
  }
}
