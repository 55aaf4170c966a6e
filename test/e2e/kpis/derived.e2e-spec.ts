import { Db } from '@app/platform';
import { ScanService } from '@app/governance';
import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';
import { insertProject } from '@test/support/factories/portfolio';

const monthDay = (monthsAgo: number, day = 15): string => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, day)).toISOString().slice(0, 10);
};

describe('cost per transaction derived from the ledger', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let projectId: string;
  let costKpi: string;
  let transactionsKpi: string;
  let n = 0;

  const spend = (amount: string, spentOn: string) =>
    ctx
      .as(org.adminToken)
      .post('/v1/spend')
      .set('idempotency-key', `derived-${++n}`)
      .send({ projectId, spentOn, amount, category: 'resource', costType: 'suppliers', supplier: 'Acme Ltd' })
      .expect(201);

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    projectId = (await insertProject(ctx.db, org.id)).id;
    costKpi = (await ctx.as(org.adminToken).post('/v1/kpis').send({ projectId, kind: 'cost_per_transaction' }).expect(201)).body.id;
    transactionsKpi = (await ctx.as(org.adminToken).post('/v1/kpis').send({ projectId, kind: 'custom', name: 'Online transactions', unit: 'transactions', direction: 'increase' }).expect(201)).body.id;
    await spend('1200.00', monthDay(2, 3));
    await spend('300.50', monthDay(2, 20));
    await spend('900.00', monthDay(1, 10));
    for (const [monthsAgo, value] of [
      [2, 500],
      [1, 450],
    ] as const) {
      await ctx.as(org.adminToken).put(`/v1/kpis/${transactionsKpi}/measurements/${monthDay(monthsAgo, 28)}`).send({ value }).expect(201);
    }
  });
  afterAll(() => ctx.close());

  it("divides each month's spend by that month's transactions, and records how", async () => {
    const linked = await ctx.as(org.adminToken).put(`/v1/kpis/${costKpi}/derivation`).send({ transactionsKpiId: transactionsKpi }).expect(200);
    expect(linked.body).toMatchObject({ kpiId: costKpi, derivedFrom: 'ledger', transactionsKpiId: transactionsKpi, measurementsWritten: 2 });
    const measurements = await ctx.as(org.adminToken).get(`/v1/kpis/${costKpi}/measurements`).expect(200);
    const byDate = Object.fromEntries(measurements.body.data.map((m: { date: string; value: number; source: string }) => [m.date, m]));
    expect(byDate[monthDay(2, 28)]).toMatchObject({ value: 3.001, source: 'derived' });
    expect(byDate[monthDay(1, 28)]).toMatchObject({ value: 2, source: 'derived' });
  });

  it('follows the ledger: a reversal changes the derived value at the next scan', async () => {
    const entries = await ctx.as(org.adminToken).get(`/v1/spend?projectId=${projectId}`).expect(200);
    const big = entries.body.data.find((e: { amount: string }) => e.amount === '900.00');
    await ctx.as(org.adminToken).post(`/v1/spend/${big.id}/reversal`).set('idempotency-key', 'derived-reversal').send({ reason: 'duplicate invoice' }).expect(201);
    await ctx.app.get(Db).system((m) => ctx.app.get(ScanService).scanWithin(m, org.id, null, new Date()));
    const measurements = await ctx.as(org.adminToken).get(`/v1/kpis/${costKpi}/measurements`).expect(200);
    expect(measurements.body.data.find((m: { date: string }) => m.date === monthDay(1, 28))).toMatchObject({ value: 0, source: 'derived' });
  });

  it('refuses manual values for a derived KPI', async () => {
    const refused = expectProblem(await ctx.as(org.adminToken).put(`/v1/kpis/${costKpi}/measurements/${monthDay(0, 1)}`).send({ value: 9 }), 400);
    expect(refused.errors?.[0]).toMatchObject({ field: 'kpiId', message: expect.stringContaining('derived from the ledger') });
  });

  it('validates the link (400/409), needs kpis:write (403) and hides other organisations (404)', async () => {
    expectProblem(await ctx.as(org.adminToken).put(`/v1/kpis/${costKpi}/derivation`).send({ transactionsKpiId: 'nope' }), 400);
    expectProblem(await ctx.as(org.adminToken).put(`/v1/kpis/${costKpi}/derivation`).send({ transactionsKpiId: costKpi }), 400);
    expectProblem(await ctx.as(org.adminToken).put(`/v1/kpis/${transactionsKpi}/derivation`).send({ transactionsKpiId: costKpi }), 409);
    const reader = await ctx.token(org, ['portfolio:read']);
    expectProblem(await ctx.as(reader).put(`/v1/kpis/${costKpi}/derivation`).send({ transactionsKpiId: transactionsKpi }), 403);
    await ctx.as(reader).get(`/v1/kpis/${costKpi}/derivation`).expect(200);
    const other = await ctx.newOrganisation();
    const theirProject = await insertProject(ctx.db, other.id);
    const theirTransactions = (await ctx.as(other.adminToken).post('/v1/kpis').send({ projectId: theirProject.id, kind: 'custom', name: 'Theirs', unit: 'n', direction: 'increase' }).expect(201)).body.id;
    expectProblem(await ctx.as(org.adminToken).put(`/v1/kpis/${costKpi}/derivation`).send({ transactionsKpiId: theirTransactions }), 404);
    const foreign = expectProblem(await ctx.as(other.adminToken).get(`/v1/kpis/${costKpi}/derivation`), 404);
    expect(expectProblem(await ctx.as(other.adminToken).get(`/v1/kpis/${randomUuid()}/derivation`), 404).detail).toBe(foreign.detail);
    expectProblem(await ctx.as(other.adminToken).delete(`/v1/kpis/${costKpi}/derivation`), 404);
    await ctx.as(org.adminToken).delete(`/v1/kpis/${costKpi}/derivation`).expect(204);
    expectProblem(await ctx.as(reader).get(`/v1/kpis/${costKpi}/derivation`), 404);
  });
});
