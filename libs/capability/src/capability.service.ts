import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Actor, Db, Problem, TenantTx, todayInLondon } from '@app/platform';
import { ProgrammeEntity, ProjectEntity } from '@app/portfolio';
import { OUTSIDE_EXPERTISE_BY_MONTH_SQL } from '@app/finance';
import { CapabilityRoleEntity } from './capability-role.entity';
import { KnowledgeTransferEntity } from './knowledge-transfer.entity';
import type { KnowledgeTransferKind } from './capability.enums';
import { CapabilityEvidenceView, CapabilityRoleView, ProgrammeCapabilityLine, KnowledgeTransferView, toCapabilityRoleView, toKnowledgeTransferView } from './capability.views';
import { capabilitySettings } from './capability-settings';

export interface SetCapabilityRole {
  role: string;
  needed: number;
  filled: number;
}

export interface CreateKnowledgeTransfer {
  kind: KnowledgeTransferKind;
  occurredOn: string;
  permanentStaff: number;
  description: string;
  evidence: string;
}

const firstOfMonth = (date: string): string => `${date.slice(0, 7)}-01`;
const monthsBack = (date: string, n: number): string => {
  const d = new Date(`${firstOfMonth(date)}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 10);
};

/** A project's capability plan, its knowledge-transfer activities, and the evidence of reliance on outside expertise. */
@Injectable()
export class CapabilityService {
  constructor(private readonly db: Db) {}

  /** Sets a role's needed and filled counts (created, or replaced with the change audited). */
  setRole(actor: Actor, projectId: string, input: SetCapabilityRole): Promise<{ created: boolean; view: CapabilityRoleView }> {
    if (input.filled > input.needed) throw Problem.validation([{ field: 'filled', message: `filled (${input.filled}) cannot be more than needed (${input.needed})` }]);
    return this.db.tenant(actor, async (tx) => {
      await this.requireProject(tx, projectId);
      const before = await tx.findOne(CapabilityRoleEntity, { projectId, role: input.role });
      await tx.query(
        `INSERT INTO capability_roles (organisation_id, project_id, role, needed, filled) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ON CONSTRAINT uq_capability_roles_project_role DO UPDATE SET needed = excluded.needed, filled = excluded.filled, updated_at = now()`,
        [tx.organisationId, projectId, input.role, input.needed, input.filled],
      );
      const row = (await tx.findOne(CapabilityRoleEntity, { projectId, role: input.role })) as CapabilityRoleEntity;
      const view = toCapabilityRoleView(row);
      await tx.audit({ action: before ? 'capability_role.updated' : 'capability_role.created', entityType: 'capability_role', entityId: row.id, before: before ? toCapabilityRoleView(before) : undefined, after: view });
      return { created: !before, view };
    });
  }

  recordTransfer(actor: Actor, projectId: string, input: CreateKnowledgeTransfer): Promise<KnowledgeTransferView> {
    return this.db.tenant(actor, async (tx) => {
      await this.requireProject(tx, projectId);
      const row = await tx.insert(KnowledgeTransferEntity, { projectId, ...input });
      const view = toKnowledgeTransferView(row);
      await tx.audit({ action: 'knowledge_transfer.created', entityType: 'knowledge_transfer', entityId: row.id, after: view });
      return view;
    });
  }

  forProject(actor: Actor, projectId: string): Promise<CapabilityEvidenceView> {
    return this.db.tenant(actor, async (tx) => {
      await this.requireProject(tx, projectId);
      return this.evidence(tx, { type: 'project', id: projectId }, [projectId]);
    });
  }

  forProgramme(actor: Actor, programmeId: string): Promise<CapabilityEvidenceView> {
    return this.db.tenant(actor, async (tx) => {
      if (!(await tx.findOne(ProgrammeEntity, { id: programmeId }))) throw Problem.notFound('programme');
      const projects = await tx.find(ProjectEntity, { where: { programmeId } });
      return this.evidence(tx, { type: 'programme', id: programmeId }, projects.map((p) => p.id));
    });
  }

  /**
   * One line per programme for the board pack, in one statement: outside-expertise share over the
   * last twelve months, roles filled of needed, the latest knowledge transfer.
   */
  byProgramme(actor: Actor): Promise<ProgrammeCapabilityLine[]> {
    return this.db.tenant(actor, async (tx) => {
      const today = todayInLondon();
      const rows = await tx.query<{ programme_id: string; outside: string; staff: string; share_pct: string | null; needed: number; filled: number; last_on: string | null }>(
        `WITH m AS (${OUTSIDE_EXPERTISE_BY_MONTH_SQL}),
              spend AS (SELECT p.programme_id, sum(m.outside::numeric) AS outside, sum(m.staff::numeric) AS staff FROM m JOIN projects p ON p.organisation_id = $1 AND p.id = m.project_id GROUP BY 1),
              roles AS (SELECT p.programme_id, sum(r.needed)::int AS needed, sum(r.filled)::int AS filled FROM capability_roles r JOIN projects p ON p.organisation_id = r.organisation_id AND p.id = r.project_id WHERE r.organisation_id = $1 GROUP BY 1),
              transfers AS (SELECT p.programme_id, max(k.occurred_on) AS last_on FROM knowledge_transfers k JOIN projects p ON p.organisation_id = k.organisation_id AND p.id = k.project_id WHERE k.organisation_id = $1 GROUP BY 1)
         SELECT g.id AS programme_id, coalesce(s.outside, 0.00)::text AS outside, coalesce(s.staff, 0.00)::text AS staff,
                round(s.outside * 100 / nullif(s.outside + s.staff, 0), 1)::text AS share_pct,
                coalesce(r.needed, 0) AS needed, coalesce(r.filled, 0) AS filled, to_char(t.last_on, 'YYYY-MM-DD') AS last_on
           FROM programmes g LEFT JOIN spend s ON s.programme_id = g.id LEFT JOIN roles r ON r.programme_id = g.id LEFT JOIN transfers t ON t.programme_id = g.id
          WHERE g.organisation_id = $1`,
        [tx.organisationId, (await tx.find(ProjectEntity, { select: { id: true } })).map((p) => p.id), monthsBack(today, 11), today],
      );
      return rows.map((r) => ({ programmeId: r.programme_id, outside: r.outside, staff: r.staff, sharePct: r.share_pct === null ? null : Number(r.share_pct), rolesNeeded: r.needed, rolesFilled: r.filled, lastKnowledgeTransferOn: r.last_on }));
    });
  }

  /** The evidence for a set of projects (one, or a programme's), within the caller's transaction. */
  async evidence(tx: TenantTx, subject: CapabilityEvidenceView['subject'], projectIds: string[]): Promise<CapabilityEvidenceView> {
    const today = todayInLondon();
    const from = monthsBack(today, 11);
    const settings = capabilitySettings(await this.organisationSettings(tx));
    // Sums and shares in SQL: money never passes through a float.
    const periods = await tx.query<{ period: string; outside: string; staff: string; share_pct: string | null }>(
      `SELECT period, sum(outside::numeric)::text AS outside, sum(staff::numeric)::text AS staff,
              round(sum(outside::numeric) * 100 / nullif(sum(outside::numeric) + sum(staff::numeric), 0), 1)::text AS share_pct
         FROM (${OUTSIDE_EXPERTISE_BY_MONTH_SQL}) m GROUP BY period ORDER BY period`,
      [tx.organisationId, projectIds, from, today],
    );
    const [window] = await tx.query<{ outside: string; staff: string; share_pct: string | null; recent: string | null; prior: string | null }>(
      `WITH m AS (${OUTSIDE_EXPERTISE_BY_MONTH_SQL})
       SELECT coalesce(sum(outside::numeric), 0.00)::text AS outside, coalesce(sum(staff::numeric), 0.00)::text AS staff,
              round(sum(outside::numeric) * 100 / nullif(sum(outside::numeric) + sum(staff::numeric), 0), 1)::text AS share_pct,
              (sum(outside::numeric) FILTER (WHERE period >= $5) * 100 / nullif(sum(outside::numeric + staff::numeric) FILTER (WHERE period >= $5), 0))::text AS recent,
              (sum(outside::numeric) FILTER (WHERE period < $5 AND period >= $6) * 100 / nullif(sum(outside::numeric + staff::numeric) FILTER (WHERE period < $5 AND period >= $6), 0))::text AS prior
         FROM m`,
      [tx.organisationId, projectIds, from, today, monthsBack(today, 2).slice(0, 7), monthsBack(today, 5).slice(0, 7)],
    );
    const roles = await tx.find(CapabilityRoleEntity, { where: { projectId: In(projectIds) }, order: { role: 'ASC' } });
    const recent = await tx.find(KnowledgeTransferEntity, { where: { projectId: In(projectIds) }, order: { occurredOn: 'DESC', createdAt: 'DESC' }, take: 20 });
    const pct = (v: string | null) => (v === null ? null : Number(v)); // a share, not money
    const trend = (): CapabilityEvidenceView['outsideExpertise']['trend'] => {
      if (window.recent === null || window.prior === null) return null;
      const change = Number(window.recent) - Number(window.prior);
      return change >= 5 ? 'rising' : change <= -5 ? 'falling' : 'steady';
    };
    return {
      subject,
      asOf: today,
      outsideExpertise: {
        definition: 'outside expertise = contractors + consultancy, as a share of contractors + consultancy + staff spend in the ledger',
        periods: periods.map((p) => ({ period: p.period, outside: p.outside, staff: p.staff, sharePct: pct(p.share_pct) })),
        last12Months: { from, to: today, outside: window.outside, staff: window.staff, sharePct: pct(window.share_pct) },
        trend: trend(),
        thresholdPct: settings.maxOutsideExpertisePct,
      },
      plan: { rolesNeeded: roles.reduce((n, r) => n + r.needed, 0), rolesFilled: roles.reduce((n, r) => n + r.filled, 0), roles: roles.map(toCapabilityRoleView) },
      knowledgeTransfer: { lastOn: recent[0]?.occurredOn ?? null, withinDays: settings.knowledgeTransferDays, recent: recent.map(toKnowledgeTransferView) },
      movesRating: false,
    };
  }

  private async organisationSettings(tx: TenantTx): Promise<Record<string, unknown> | undefined> {
    const [row] = await tx.query<{ governance: Record<string, unknown> | null }>(`SELECT settings->'governance' AS governance FROM organisations WHERE id = $1`, [tx.organisationId]);
    return row?.governance ?? undefined;
  }

  private async requireProject(tx: TenantTx, projectId: string): Promise<void> {
    if (!(await tx.findOne(ProjectEntity, { id: projectId }))) throw Problem.notFound('project');
  }
}
