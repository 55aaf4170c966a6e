import { Injectable } from '@nestjs/common';
import { Actor, Db } from '@app/platform';
import { RULES } from './governance.enums';
import { EvidenceRefresh } from './evidence/evidence-refresh.service';

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

/**
 * For each rule, the share of active projects (or programmes) with no unresolved flag: a board's
 * measure of its own governance. Counted from the evidence read model's open flags by rule, the
 * same rows the portfolio counts.
 */
@Injectable()
export class CoverageService {
  constructor(
    private readonly db: Db,
    private readonly refresh: EvidenceRefresh,
  ) {}

  coverage(actor: Actor) {
    return this.db.tenant(actor, async (tx) => {
      await this.refresh.refreshWithin(tx.manager, tx.organisationId, false);
      const programmes = await tx.query<{ id: string; code: string; name: string; projects: number }>(
        `SELECT g.programme_id AS id, g.code, g.doc::jsonb->>'name' AS name,
                (SELECT count(*) FROM project_evidence p WHERE p.organisation_id = g.organisation_id AND p.programme_id = g.programme_id AND p.rating IS NOT NULL)::int AS projects
           FROM programme_evidence g WHERE g.organisation_id = $1 AND g.doc::jsonb->>'status' = 'active' ORDER BY g.code`,
        [tx.organisationId],
      );
      const failing = await tx.query<{ programme_id: string; subject: 'project' | 'programme'; rule: string; n: number }>(
        `SELECT p.programme_id, 'project' AS subject, r.rule, count(*)::int AS n
           FROM project_evidence p CROSS JOIN LATERAL jsonb_object_keys(p.flags_by_rule) r(rule)
          WHERE p.organisation_id = $1 AND p.rating IS NOT NULL GROUP BY 1, 2, 3
         UNION ALL
         SELECT g.programme_id, 'programme', r.rule, 1
           FROM programme_evidence g CROSS JOIN LATERAL jsonb_object_keys(g.flags_by_rule) r(rule)
          WHERE g.organisation_id = $1 AND g.doc::jsonb->>'status' = 'active'`,
        [tx.organisationId],
      );
      const [state] = await tx.query<{ refreshed_at: Date | null }>(`SELECT refreshed_at FROM evidence_states WHERE organisation_id = $1`, [tx.organisationId]);
      const active = new Set(programmes.map((g) => g.id));
      // A rule counts the flags of its own subject: a programme without an SRO raises no_owner too, but
      // no_owner's coverage is of projects, and counting the programme there would pass fewer than none.
      const failed = (programmeId: string | null, rule: (typeof RULES)[number]) =>
        failing
          .filter((f) => f.rule === rule.code && f.subject === rule.subject && active.has(f.programme_id) && (programmeId === null || f.programme_id === programmeId))
          .reduce((sum, f) => sum + f.n, 0);
      const totalProjects = programmes.reduce((sum, g) => sum + g.projects, 0);
      const rules = (programmeId: string | null, projects: number, programmeCount: number) =>
        RULES.map((rule) => cell(rule, rule.subject === 'project' ? projects : programmeCount, failed(programmeId, rule)));
      return {
        evidenceAsOf: state?.refreshed_at?.toISOString() ?? null,
        organisation: { activeProjects: totalProjects, activeProgrammes: programmes.length, rules: rules(null, totalProjects, programmes.length) },
        programmes: programmes.map((g) => ({ programmeId: g.id, code: g.code, name: g.name, activeProjects: g.projects, rules: rules(g.id, g.projects, 1) })),
      };
    });
  }
}
