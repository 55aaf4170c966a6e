import { Injectable } from '@nestjs/common';
import { Actor, Db, Problem, TenantTx } from '@app/platform';
import { commitmentsWithDrawdownSql } from './commitment.queries';
import type { BudgetCategory, WholeLifeCostKind } from './finance.enums';
import { fromPence, normaliseMoney, toPence } from './money';
import { ownedProjectIds } from './spend.queries';
import { WholeLifeCostEntity } from './whole-life-cost.entity';

export interface WholeLifeCostInput {
  kind: WholeLifeCostKind;
  category: BudgetCategory;
  amount: string;
  asOf: string;
  note?: string | null;
}

type Split = { capital: string; resource: string; total: string };

export interface WholeLifeCostView {
  projectId: string;
  /** The latest baseline and forecast per category (null when none is recorded), as major-project returns report them. */
  baseline: Split & { asOf: string | null };
  forecast: Split & { asOf: string | null };
  /** forecast - baseline. */
  variance: Split;
  /** Over every financial year: the current budgets, spend to date (net of credit notes), commitments outstanding. */
  budgeted: Split;
  spent: Split;
  committed: Split;
  budgetsByYear: { financialYear: string; capital: string; resource: string; total: string }[];
  spendByCostType: { category: BudgetCategory; costType: string; spent: string }[];
}

/** Whole-life cost: baselines and forecasts (append-only; the latest as-of per kind and category counts) beside budgets, spend and commitments over all years. */
@Injectable()
export class WholeLifeCostService {
  constructor(private readonly db: Db) {}

  record(actor: Actor, projectId: string, input: WholeLifeCostInput): Promise<WholeLifeCostView> {
    return this.db.tenant(actor, async (tx) => {
      if (!(await ownedProjectIds(tx, [projectId])).has(projectId)) throw Problem.notFound('project');
      const row = await tx.insert(WholeLifeCostEntity, { projectId, kind: input.kind, category: input.category, amount: normaliseMoney(input.amount), asOf: input.asOf, note: input.note ?? null, createdByTokenId: tx.actor.tokenId });
      await tx.audit({ action: `whole_life_cost.${input.kind}_recorded`, entityType: 'whole_life_cost', entityId: row.id, after: { projectId, ...input, amount: row.amount } });
      return this.read(tx, projectId);
    });
  }

  get(actor: Actor, projectId: string): Promise<WholeLifeCostView> {
    return this.db.tenant(actor, async (tx) => {
      if (!(await ownedProjectIds(tx, [projectId])).has(projectId)) throw Problem.notFound('project');
      return this.read(tx, projectId);
    });
  }

  /** One statement: every figure per category, then the budget per year and spend per cost type. */
  private async read(tx: TenantTx, projectId: string): Promise<WholeLifeCostView> {
    const params = [tx.organisationId, projectId];
    const [figures] = await tx.query<Record<string, string | null>>(
      `WITH wlc AS (
         SELECT DISTINCT ON (kind, category) kind, category, amount, as_of FROM whole_life_costs
          WHERE organisation_id = $1 AND project_id = $2 ORDER BY kind, category, as_of DESC, created_at DESC, id DESC
       ), b AS (
         SELECT category, sum(amount) AS amount FROM budgets WHERE organisation_id = $1 AND project_id = $2 GROUP BY category
       ), s AS (
         SELECT category, sum(total) AS amount FROM spend_totals WHERE organisation_id = $1 AND project_id = $2 GROUP BY category
       ), c AS (
         SELECT category, sum(outstanding) AS amount FROM (${commitmentsWithDrawdownSql('c.organisation_id = $1 AND c.project_id = $2')}) x GROUP BY category
       ), cat(category) AS (VALUES ('capital'), ('resource'))
       SELECT ${['baseline', 'forecast']
         .flatMap((k) => ['capital', 'resource'].map((c) => `(SELECT amount FROM wlc WHERE kind = '${k}' AND category = '${c}')::numeric(17,2)::text AS ${k}_${c}`))
         .join(', ')},
              (SELECT max(as_of)::text FROM wlc WHERE kind = 'baseline') AS baseline_as_of, (SELECT max(as_of)::text FROM wlc WHERE kind = 'forecast') AS forecast_as_of,
              ${['b', 's', 'c'].flatMap((t) => ['capital', 'resource'].map((c) => `coalesce((SELECT amount FROM ${t} WHERE category = '${c}'), 0)::numeric(17,2)::text AS ${t}_${c}`)).join(', ')}`,
      params,
    );
    const byYear = await tx.query<{ financial_year: string; capital: string; resource: string; total: string }>(
      `SELECT financial_year, coalesce(sum(amount) FILTER (WHERE category = 'capital'), 0)::numeric(17,2)::text AS capital,
              coalesce(sum(amount) FILTER (WHERE category = 'resource'), 0)::numeric(17,2)::text AS resource, sum(amount)::numeric(17,2)::text AS total
         FROM budgets WHERE organisation_id = $1 AND project_id = $2 GROUP BY financial_year ORDER BY financial_year`,
      params,
    );
    const byCostType = await tx.query<{ category: BudgetCategory; cost_type: string; spent: string }>(
      `SELECT category, cost_type, sum(amount)::numeric(17,2)::text AS spent FROM spend_entries WHERE organisation_id = $1 AND project_id = $2 GROUP BY category, cost_type ORDER BY category, cost_type`,
      params,
    );
    // Totals and variances in whole pence (exact), not floats.
    const split = (capital: string, resource: string): Split => ({ capital, resource, total: add(capital, resource) });
    const f = (k: string) => figures[k] ?? '0.00';
    const baseline = split(f('baseline_capital'), f('baseline_resource'));
    // A category with no forecast yet is forecast at its baseline.
    const forecast = split(figures.forecast_capital ?? baseline.capital, figures.forecast_resource ?? baseline.resource);
    return {
      projectId,
      baseline: { ...baseline, asOf: figures.baseline_as_of },
      forecast: { ...forecast, asOf: figures.forecast_as_of },
      variance: split(sub(forecast.capital, baseline.capital), sub(forecast.resource, baseline.resource)),
      budgeted: split(f('b_capital'), f('b_resource')),
      spent: split(f('s_capital'), f('s_resource')),
      committed: split(f('c_capital'), f('c_resource')),
      budgetsByYear: byYear.map((r) => ({ financialYear: r.financial_year, capital: r.capital, resource: r.resource, total: r.total })),
      spendByCostType: byCostType.map((r) => ({ category: r.category, costType: r.cost_type, spent: r.spent })),
    };
  }
}

const add = (a: string, b: string): string => fromPence(toPence(a) + toPence(b));
const sub = (a: string, b: string): string => fromPence(toPence(a) - toPence(b));
