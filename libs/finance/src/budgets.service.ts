import { Injectable } from '@nestjs/common';
import { Actor, Cursor, Db, Page, PageQuery, pageSize, Problem, toPage } from '@app/platform';
import { BudgetEntity } from './budget.entity';
import type { BudgetCategory } from './finance.enums';
import { normaliseMoney } from './money';
import { ownedProjectIds } from './spend.queries';

export interface BudgetInput {
  projectId: string;
  financialYear: string;
  category: BudgetCategory;
  amount: string;
}

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

/** Budgets per project, financial year and category: an upsert whose every change is audited with before and after. */
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
        const created = (await tx.findOne(BudgetEntity, { id: inserted[0].id })) as BudgetEntity;
        await tx.audit({ action: 'budget.created', entityType: 'budget', entityId: created.id, after: toBudgetView(created) });
        return { created: true, budget: toBudgetView(created) };
      }
      const current = (await tx.findOneForUpdate(BudgetEntity, key)) as BudgetEntity;
      if (current.amount === amount) return { created: false, budget: toBudgetView(current) };
      const before = toBudgetView(current);
      await tx.query(`UPDATE budgets SET amount = $3, version = version + 1, updated_at = now() WHERE organisation_id = $1 AND id = $2`, [tx.organisationId, current.id, amount]);
      const updated = (await tx.findOne(BudgetEntity, { id: current.id })) as BudgetEntity;
      await tx.audit({ action: 'budget.rebaselined', entityType: 'budget', entityId: current.id, before, after: toBudgetView(updated) });
      return { created: false, budget: toBudgetView(updated) };
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
