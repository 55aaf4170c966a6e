import { financialYear, iso, Plan, projectForDraw, ProjectPlan } from './plan';
import { Rng, STREAM } from './random';
import { N, ts } from './rows-portfolio';

/** Mean of the entry amount distribution below (exp(7 + 1.2^2 / 2) pounds), for sizing budgets. */
const MEAN_AMOUNT = Math.exp(7 + 0.72);
const COST_TYPES = [['suppliers', 30], ['contractors', 20], ['staff', 18], ['licences', 10], ['hosting', 10], ['hardware', 4], ['training', 3], ['user_research', 3], ['other', 2]] as const;
const SUPPLIERS = Array.from({ length: 400 }, (_, i) => ({ name: `Supplier ${i} Ltd`, sme: i % 3 !== 0 }));

const money = (pence: number) => {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  const p = abs % 100;
  return `${sign}${(abs - p) / 100}.${p < 10 ? '0' : ''}${p}`;
};

/** Financial years the history touches, with how many of their days fall inside it. */
function yearsInWindow(plan: Plan): Map<string, { days: number; lastDay: number }> {
  const years = new Map<string, { days: number; lastDay: number }>();
  for (let day = plan.calendar.startDay; day < plan.calendar.asOfDay; day++) {
    const fy = financialYear(day, plan.calendar.fyStartMonth);
    const entry = years.get(fy) ?? { days: 0, lastDay: day };
    entry.days++;
    entry.lastDay = day;
    years.set(fy, entry);
  }
  return years;
}

const entriesPerDay = (plan: Plan) => plan.options.spendEntries / (plan.calendar.asOfDay - plan.calendar.startDay);

/** What a project is expected to spend in a year's days of history, from its share of all spend. */
function expectedSpendPence(plan: Plan, p: ProjectPlan, days: number): number {
  return (days * entriesPerDay(plan) * (p.weight / plan.totalWeight) * MEAN_AMOUNT * 100) | 0;
}

export const BUDGET_COLUMNS = ['id', 'organisation_id', 'project_id', 'financial_year', 'category', 'amount', 'created_at', 'updated_at'];
/**
 * Budgets per project, year and category, sized from what the project will spend times 0.85 to
 * 1.35, so roughly one in five ends the year over budget. A full year is budgeted even when the
 * history holds only part of it.
 */
export function* budgetRows(plan: Plan): Generator<string> {
  const years = [...yearsInWindow(plan)];
  for (const p of plan.projects) {
    const rng = new Rng(plan.options.seed, STREAM.budgets, p.index);
    const orgId = plan.orgs[p.org].id;
    for (const [fy, { lastDay }] of years) {
      if (p.startDay > lastDay) continue;
      const full = expectedSpendPence(plan, p, 365);
      const factor = 0.85 + rng.float() * 0.5;
      const resource = Math.max(1_000_000, Math.round((full * (p.hasCapital ? 0.75 : 1) * factor) / 100) * 100);
      yield `${rng.uuid()}\t${orgId}\t${p.id}\t${fy}\tresource\t${money(resource)}\t${ts(p.startDay)}\t${ts(p.startDay)}\n`;
      if (p.hasCapital) {
        const capital = Math.max(500_000, Math.round((full * 0.25 * factor) / 100) * 100);
        yield `${rng.uuid()}\t${orgId}\t${p.id}\t${fy}\tcapital\t${money(capital)}\t${ts(p.startDay)}\t${ts(p.startDay)}\n`;
      }
    }
  }
}

export const FORECAST_COLUMNS = ['id', 'organisation_id', 'project_id', 'financial_year', 'amount', 'as_of', 'note', 'created_at'];
/** Outturn forecasts for the current year: most active projects have one to three. */
export function* forecastRows(plan: Plan): Generator<string> {
  const fy = financialYear(plan.calendar.asOfDay, plan.calendar.fyStartMonth);
  const fyStart = Date.UTC(Number(fy.slice(0, 4)), plan.calendar.fyStartMonth - 1, 1) / 86_400_000;
  for (const p of plan.projects) {
    if (p.status !== 'active') continue;
    const rng = new Rng(plan.options.seed, STREAM.forecasts, p.index);
    if (!rng.chance(0.7)) continue;
    const orgId = plan.orgs[p.org].id;
    const full = expectedSpendPence(plan, p, 365);
    const count = rng.int(1, 3);
    for (let i = 0; i < count; i++) {
      const asOf = Math.min(plan.calendar.asOfDay - 1, fyStart + Math.floor(((plan.calendar.asOfDay - fyStart) * (i + 1)) / count) - 1);
      const amount = Math.max(100_000, Math.round((full * (0.9 + rng.float() * 0.4)) / 100) * 100);
      yield `${rng.uuid()}\t${orgId}\t${p.id}\t${fy}\t${money(amount)}\t${iso(Math.max(fyStart, asOf))}\t${N}\t${ts(Math.max(fyStart, asOf), 11)}\n`;
    }
  }
}

export const SPEND_COLUMNS = [
  'id', 'organisation_id', 'project_id', 'financial_year', 'spent_on', 'amount', 'currency', 'category', 'cost_type', 'supplier',
  'supplier_is_sme', 'reference', 'description', 'external_id', 'reverses_id', 'reversal_reason', 'source', 'created_at',
];
/**
 * The ledger in date order, as it accrues: each entry's project is drawn by spend weight (Pareto,
 * so a few projects carry most of the money), amounts are log-normal (median about £1,100), about a
 * third carry an integration's external id, and 0.3% are reversed by the entry that follows them.
 */
export function* spendRows(plan: Plan): Generator<string> {
  const rng = new Rng(plan.options.seed, STREAM.spend, 0);
  const total = plan.options.spendEntries;
  const span = plan.calendar.asOfDay - plan.calendar.startDay;
  const yearOfDay = new Map<number, string>();
  for (let written = 0, k = 0; written < total; k++) {
    const day = plan.calendar.startDay + Math.floor((written * span) / total);
    let fy = yearOfDay.get(day);
    if (!fy) yearOfDay.set(day, (fy = financialYear(day, plan.calendar.fyStartMonth)));
    const p = plan.projects[projectForDraw(plan, rng.float())];
    const orgId = plan.orgs[p.org].id;
    const category = p.hasCapital && rng.chance(0.25) ? 'capital' : 'resource';
    const pence = Math.min(500_000_000, Math.max(100, Math.round(Math.exp(7 + 1.2 * rng.normal()) * 100)));
    const supplier = SUPPLIERS[rng.int(0, SUPPLIERS.length - 1)];
    const external = rng.chance(0.33);
    const source = external ? 'api' : rng.chance(0.7) ? 'import' : 'batch';
    const id = rng.uuid();
    const date = iso(day);
    const created = ts(day + 2, 8 + (k % 10));
    const costType = rng.weighted(COST_TYPES);
    yield `${id}\t${orgId}\t${p.id}\t${fy}\t${date}\t${money(pence)}\tGBP\t${category}\t${costType}\t${supplier.name}\t${supplier.sme ? 't' : 'f'}\tINV-${k}\t${N}\t${external ? `LEDGER-${k}` : N}\t${N}\t${N}\t${source}\t${created}\n`;
    written++;
    if (written < total && rng.chance(0.003)) {
      yield `${rng.uuid()}\t${orgId}\t${p.id}\t${fy}\t${date}\t${money(-pence)}\tGBP\t${category}\t${costType}\t${supplier.name}\t${supplier.sme ? 't' : 'f'}\tINV-${k}\t${N}\t${N}\t${id}\tduplicate invoice\tapi\t${created}\n`;
      written++;
    }
  }
}

/** The ledger's external ids claimed in their guard table, as the write path claims them. */
export const SPEND_EXTERNAL_IDS_SQL = `
  INSERT INTO spend_external_ids (organisation_id, external_id, entry_id, financial_year, created_at)
  SELECT organisation_id, external_id, id, financial_year, created_at FROM spend_entries WHERE external_id IS NOT NULL`;

/** Running totals, set-based from the ledger just loaded (the same sums the write path keeps). */
export const SPEND_TOTALS_SQL = `
  INSERT INTO spend_totals (organisation_id, project_id, financial_year, category, total, sme_total, entry_count, updated_at)
  SELECT organisation_id, project_id, financial_year, category, sum(amount), coalesce(sum(amount) FILTER (WHERE supplier_is_sme), 0), count(*), now()
    FROM spend_entries GROUP BY organisation_id, project_id, financial_year, category`;
