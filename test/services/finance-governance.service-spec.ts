import { GovernanceModule, ScanService } from '@app/governance';
import { Db } from '@app/platform';
import { ServiceContext } from '@test/support/service-context';
import { currentFinancialYear, day, insertHealthyProject } from '@test/support/factories/evidence';
import { insertProject } from '@test/support/factories/portfolio';

/** The finance rules judge commitments as well as spend and forecast (see docs/FINANCE.md). */
describe('finance rules with commitments', () => {
  let ctx: ServiceContext;
  let scans: ScanService;
  let org: { id: string };

  const scan = () => ctx.get(Db).system((manager) => scans.scanWithin(manager, org.id, null, new Date()));
  const flag = async (projectId: string, rule: string) =>
    (await ctx.db.query(`SELECT evidence, details FROM flags WHERE project_id = $1 AND rule = $2 AND status <> 'resolved'`, [projectId, rule])).rows[0] as { evidence: string; details: Record<string, string> } | undefined;
  const commit = (projectId: string, orderNumber: string, amount: string) =>
    ctx.db.query(
      `INSERT INTO commitments (organisation_id, project_id, kind, order_number, supplier, category, cost_type, financial_year, committed_on, amount)
       VALUES ($1, $2, 'purchase_order', $3, 'Acme Digital Ltd', 'resource', 'suppliers', $4, $5, $6)`,
      [org.id, projectId, orderNumber, currentFinancialYear(), day(-5), amount],
    );

  beforeAll(async () => {
    ctx = await ServiceContext.start([GovernanceModule], { role: 'worker' });
    scans = ctx.get(ScanService);
    org = await ctx.newOrganisation();
  });
  afterAll(() => ctx.close());

  it('counts commitments outstanding towards a budget overrun, and their drawdown only once', async () => {
    // Budget 100,000, spent 50,000, no forecast: within budget until 60,000 is committed.
    const healthy = await insertHealthyProject(ctx.db, org.id);
    await scan();
    expect(await flag(healthy.projectId, 'budget_overrun')).toBeUndefined();

    await commit(healthy.projectId, 'PO-OVER', '60000.00');
    await scan();
    const raised = await flag(healthy.projectId, 'budget_overrun');
    expect(raised?.evidence).toContain('committed £60,000.00');
    expect(raised?.details).toMatchObject({ budget: '100000.00', spent: '50000.00', committed: '60000.00', exposure: '110000.00' });

    // 20,000 paid against the order (with its order number): spent 70,000, outstanding 40,000; the payment is not counted twice.
    await ctx.db.query(
      `INSERT INTO spend_entries (organisation_id, project_id, financial_year, spent_on, amount, category, cost_type, supplier, source, order_number)
       VALUES ($1, $2, $3, $4, 20000, 'resource', 'suppliers', 'Acme Digital Ltd', 'api', 'PO-OVER')`,
      [org.id, healthy.projectId, currentFinancialYear(), day(-1)],
    );
    await ctx.db.query(`UPDATE spend_totals SET total = total + 20000 WHERE organisation_id = $1 AND project_id = $2`, [org.id, healthy.projectId]);
    await scan();
    expect((await flag(healthy.projectId, 'budget_overrun'))?.details).toMatchObject({ spent: '70000.00', committed: '40000.00', exposure: '110000.00' });
  });

  it('flags money committed with no measurable KPI even before anything is spent', async () => {
    const project = await insertProject(ctx.db, org.id);
    await scan();
    expect(await flag(project.id, 'spend_without_kpis')).toBeUndefined();
    await commit(project.id, 'PO-NOKPI', '1500.00');
    await scan();
    const raised = await flag(project.id, 'spend_without_kpis');
    expect(raised?.evidence).toContain('£1,500.00 committed');
    expect(raised?.details).toMatchObject({ spent: '0', committed: '1500.00' });
  });
});
