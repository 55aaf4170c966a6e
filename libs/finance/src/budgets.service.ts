import { Injectable } from '@nestjs/common';
import { Actor, Cursor, Db, Page, PageQuery, pageSize, Problem, TenantTx, toPage } from '@app/platform';
import { BudgetEntity } from './budget.entity';
import type { BudgetCategory } from './finance.enums';
import { normaliseMoney } from './money';
import { ownedProjectIds } from './spend.queries';

export interface BudgetInput {
  projectId: string;
  financialYear: string;
  category: BudgetCategory;
  amount: string;
  /** Why the budget is set or changed; kept in the budget history. */
  reason?: string;
  /** Who approved it (a person, board or delegated authority). */
  approvedBy?: string;
}

export interface BudgetChangeView {
  id: string;
  financialYear: string;
  category: BudgetCategory;
  amount: string;
  previousAmount: string | null;
  /** amount - previousAmount (the whole amount for the first line). */
  change: string;
  reason: string;
  approvedBy: string | null;
  createdAt: string;
}

export interface BudgetHistory {
  projectId: string;
  /** The current budget per year and category: the latest line of each. */
  current: { financialYear: string; category: BudgetCategory; amount: string }[];
  changes: BudgetChangeView[];
}

const FIRST_REASON = 'budget set';
const NO_REASON = 'no reason given';

export interface BudgetView {
  id: string;
  projectId: string;
  financialYear: string;
  category: BudgetCategory;
  amount: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const toBudgetView = (b: BudgetEntity): BudgetView => ({
  id: b.id,
  projectId: b.projectId,
  financialYear: b.financialYear,
  category: b.category,
  amount: b.amount,
  version: b.version,
  createdAt: b.createdAt.toISOString(),
  updatedAt: b.updatedAt.toISOString(),
});

/**
 * Budgets per project, financial year and category. Every figure is a line in budget_changes with its
 * reason and approver (append-only); `budgets` holds the current figure, written in the same
 * transaction as the line, so the current budget is always the latest line.
 */
@Injectable()
export class BudgetsService {
  constructor(private readonly db: Db) {}

  upsert(actor: Actor, input: BudgetInput): Promise<{ created: boolean; budget: BudgetView }> {
    const amount = normaliseMoney(input.amount);
    return this.db.tenant(actor, async (tx) => {
      if (!(await ownedProjectIds(tx, [input.projectId])).has(input.projectId)) throw Problem.notFound('project');
      const key = { projectId: input.projectId, financialYear: input.financialYear, category: input.category };
      // Insert or find; the unique key settles two concurrent first writes.
      const inserted = await tx.query<{ id: string }>(
        `INSERT INTO budgets (organisation_id, project_id, financial_year, category, amount) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ON CONSTRAINT uq_budgets_project_year_category DO NOTHING RETURNING id`,
        [tx.organisationId, input.projectId, input.financialYear, input.category, amount],
      );
      if (inserted.length) {
        await recordChange(tx, input, amount, null, input.reason ?? FIRST_REASON);
        const created = (await tx.findOne(BudgetEntity, { id: inserted[0].id })) as BudgetEntity;
        await tx.audit({ action: 'budget.created', entityType: 'budget', entityId: created.id, after: toBudgetView(created) });
        return { created: true, budget: toBudgetView(created) };
      }
      const current = (await tx.findOneForUpdate(BudgetEntity, key)) as BudgetEntity;
      if (current.amount === amount) return { created: false, budget: toBudgetView(current) };
      const before = toBudgetView(current);
      await recordChange(tx, input, amount, current.amount, input.reason ?? NO_REASON);
      await tx.query(`UPDATE budgets SET amount = $3, version = version + 1, updated_at = now() WHERE organisation_id = $1 AND id = $2`, [tx.organisationId, current.id, amount]);
      const updated = (await tx.findOne(BudgetEntity, { id: current.id })) as BudgetEntity;
      await tx.audit({ action: 'budget.rebaselined', entityType: 'budget', entityId: current.id, before, after: toBudgetView(updated) });
      return { created: false, budget: toBudgetView(updated) };
    });
  }

  /** GET /v1/projects/{id}/budget-history: every line, oldest first, and the current figures derived from them. */
  history(actor: Actor, projectId: string): Promise<BudgetHistory> {
    return this.db.tenant(actor, async (tx) => {
      if (!(await ownedProjectIds(tx, [projectId])).has(projectId)) throw Problem.notFound('project');
      const rows = await tx.query<{ id: string; financial_year: string; category: BudgetCategory; amount: string; previous_amount: string | null; change: string; reason: string; approved_by: string | null; created_at: Date; is_current: boolean }>(
        `SELECT id, financial_year, category, amount::text, previous_amount::text, (amount - coalesce(previous_amount, 0))::numeric(15,2)::text AS change, reason, approved_by, created_at,
                row_number() OVER (PARTITION BY financial_year, category ORDER BY created_at DESC, id DESC) = 1 AS is_current
           FROM budget_changes WHERE organisation_id = $1 AND project_id = $2 ORDER BY financial_year, category, created_at, id`,
        [tx.organisationId, projectId],
      );
      return {
        projectId,
        current: rows.filter((r) => r.is_current).map((r) => ({ financialYear: r.financial_year, category: r.category, amount: r.amount })),
        changes: rows.map((r) => ({ id: r.id, financialYear: r.financial_year, category: r.category, amount: r.amount, previousAmount: r.previous_amount, change: r.change, reason: r.reason, approvedBy: r.approved_by, createdAt: r.created_at.toISOString() })),
      };
    });
  }

  list(actor: Actor, filter: PageQuery & { projectId?: string; financialYear?: string }): Promise<Page<BudgetView>> {
    const limit = pageSize(filter);
    const after = Cursor.decode(filter.cursor, 1);
    return this.db.tenant(actor, async (tx) => {
      const qb = tx.select(BudgetEntity, 'b').orderBy('b.id', 'ASC').take(limit + 1);
      if (filter.projectId) qb.andWhere('b.projectId = :projectId', { projectId: filter.projectId });
      if (filter.financialYear) qb.andWhere('b.financialYear = :fy', { fy: filter.financialYear });
      if (after) qb.andWhere('b.id > :id', { id: after[0] });
      return toPage(await qb.getMany(), limit, (b) => [b.id], toBudgetView);
    });
  }
}

async function recordChange(tx: TenantTx, input: BudgetInput, amount: string, previous: string | null, reason: string): Promise<void> {
  await tx.query(
    `INSERT INTO budget_changes (organisation_id, project_id, financial_year, category, amount, previous_amount, reason, approved_by, created_by_token_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [tx.organisationId, input.projectId, input.financialYear, input.category, amount, previous, reason, input.approvedBy ?? null, tx.actor.tokenId],
  );
}
