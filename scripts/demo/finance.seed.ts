import { BudgetsService, CommitmentsService, FinanceModule, financialYearOf, ForecastsService, fromPence, SpendLedgerService, toPence } from '@app/finance';
import { Db, Problem } from '@app/platform';
import { DEMO_PROJECTS, demoToday, hasGap } from './catalogue';
import type { DemoSeeder } from './seeder';

const SUPPLIERS: [name: string, sme: boolean, costType: 'contractors' | 'suppliers' | 'hosting' | 'licences' | 'user_research'][] = [
  ['Northgate Digital Ltd', true, 'contractors'],
  ['Civic Cloud Services', false, 'hosting'],
  ['Fieldwork Research Co-op', true, 'user_research'],
  ['Microsoft Ltd', false, 'licences'],
  ['Pennine Software Ltd', true, 'suppliers'],
];

const iso = (d: Date): string => d.toISOString().slice(0, 10);

/** The 15th of each of the last twelve months (today for the current month if before the 15th). */
function lastTwelveMonths(today: Date): string[] {
  return Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - i, 15));
    return d > today ? iso(today) : iso(d);
  });
}

/** pence * numerator / denominator, rounded down to whole pence (exact, no floats). */
const scale = (pence: bigint, numerator: bigint, denominator: bigint): bigint => (pence * numerator) / denominator;

/**
 * Budgets for the current financial year, a year of monthly spend per project, forecasts, and two
 * mistaken invoices reversed. Projects with the over_budget gap spend and forecast about 20% over
 * budget; every project (spend_without_kpis ones included) has spend. External ids and idempotency
 * keys make a second run add nothing.
 */
export const financeSeeder: DemoSeeder = {
  name: 'finance',
  module: FinanceModule,
  async seed(app, actor, log) {
    const db = app.get(Db);
    const budgets = app.get(BudgetsService);
    const ledger = app.get(SpendLedgerService);
    const forecasts = app.get(ForecastsService);
    const commitments = app.get(CommitmentsService);
    const today = demoToday();
    const [{ month }] = await db.tenant(actor, (tx) => tx.query<{ month: number }>(`SELECT financial_year_start_month AS month FROM organisations WHERE id = $1`, [actor.organisationId]));
    const financialYear = financialYearOf(today, month);
    const projects: { id: string; code: string }[] = await db.tenant(actor, (tx) => tx.query<{ id: string; code: string }>(`SELECT id, code FROM projects WHERE organisation_id = $1`, [actor.organisationId]));
    const idOf = new Map(projects.map((p) => [p.code, p.id]));
    const months = lastTwelveMonths(today);
    let entries = 0;

    for (const [n, project] of DEMO_PROJECTS.entries()) {
      const projectId = idOf.get(project.code);
      if (!projectId) continue;
      const budget = toPence(project.budget);
      await budgets.upsert(actor, { projectId, financialYear, category: 'resource', amount: project.budget });

      const over = hasGap(project, 'over_budget');
      // A year's spend of about 90% of budget, or 120% for projects heading over budget.
      const monthly = scale(budget, over ? 120n : 90n, 1200n);
      const items = months.map((spentOn, i) => {
        const [supplier, sme, costType] = SUPPLIERS[(n + i) % SUPPLIERS.length];
        return {
          ok: true as const,
          entry: {
            projectId,
            spentOn,
            amount: fromPence(monthly + BigInt((i * 7919) % 50_000)),
            category: 'resource' as const,
            costType,
            supplier,
            supplierIsSme: sme,
            reference: `INV-${project.code}-${spentOn.slice(0, 7)}`,
            externalId: `DEMO-${project.code}-${spentOn.slice(0, 7)}`,
          },
        };
      });
      const batch = await ledger.recordBatch(actor, `demo-spend-${project.code}-${iso(today)}`, items, items);
      entries += batch.body.created;

      // Forecast outturn: over-budget projects forecast 118% of budget, the rest 97%.
      await forecasts.create(actor, { projectId, financialYear, amount: fromPence(scale(budget, over ? 118n : 97n, 100n)), asOf: iso(today), note: over ? 'Supplier rates rose; scope under review' : 'On plan' });

      // An order placed with the main supplier, a twentieth of the budget, not yet paid.
      try {
        await commitments.create(actor, { projectId, kind: 'purchase_order', orderNumber: `PO-${project.code}`, supplier: SUPPLIERS[n % SUPPLIERS.length][0], category: 'resource', costType: SUPPLIERS[n % SUPPLIERS.length][2], committedOn: iso(today), amount: fromPence(scale(budget, 5n, 100n)) });
      } catch (error) {
        if (!(error instanceof Problem && error.status === 409)) throw error;
      }

      if (project.code === 'CS-01' || project.code === 'DI-02') {
        const duplicate = { ...items[1].entry, externalId: `DEMO-${project.code}-DUPLICATE`, reference: `${items[1].entry.reference}-DUP` };
        const posted = await ledger.record(actor, `demo-duplicate-${project.code}-${iso(today)}`, duplicate);
        try {
          await ledger.reverse(actor, `demo-reversal-${project.code}`, posted.body.id, 'Invoice entered twice');
        } catch (error) {
          if (!(error instanceof Problem && error.status === 409)) throw error;
        }
      }
    }
    log(`finance: budgets, forecasts and a commitment per project for ${financialYear}, ${entries} spend entries, 2 reversals`);
  },
};
