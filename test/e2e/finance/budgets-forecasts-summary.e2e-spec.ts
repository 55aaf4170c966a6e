import { financialYearOf } from '@app/finance';
import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';
import { insertProgramme, insertProject } from '@test/support/factories/portfolio';
import { newKey, spendBody } from '@test/support/factories/finance';

describe('budgets, forecasts, the finance summary and the CSV export', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let writer: string;
  let reader: string;
  let programmeId: string;
  let overId: string;
  let underId: string;
  let otherProjectId: string;

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    writer = await ctx.token(org, ['finance:write']);
    reader = await ctx.token(org, ['portfolio:read']);
    programmeId = (await insertProgramme(ctx.db, org.id, { code: 'PRG-FIN' })).id;
    overId = (await insertProject(ctx.db, org.id, { programmeId, code: 'FIN-OVER' })).id;
    underId = (await insertProject(ctx.db, org.id, { programmeId, code: 'FIN-UNDER' })).id;
    otherProjectId = (await insertProject(ctx.db, other.id)).id;
  });
  afterAll(() => ctx.close());

  const spend = (body: Record<string, unknown>) => ctx.as(writer).post('/v1/spend').set('Idempotency-Key', newKey()).send(body).expect(201);

  describe('POST/GET /v1/budgets', () => {
    it('creates (201) then re-baselines (200), keeping the old figure in the audit trail', async () => {
      const created = await ctx.as(writer).post('/v1/budgets').send({ projectId: overId, financialYear: '2026-27', category: 'resource', amount: '1000' }).expect(201);
      expect(created.body).toMatchObject({ projectId: overId, financialYear: '2026-27', category: 'resource', amount: '1000.00', version: 1 });
      const updated = await ctx.as(writer).post('/v1/budgets').send({ projectId: overId, financialYear: '2026-27', category: 'resource', amount: '900.00' }).expect(200);
      expect(updated.body).toMatchObject({ id: created.body.id, amount: '900.00', version: 2 });
      const audit = await ctx.db.query(`SELECT action, before->>'amount' AS before, after->>'amount' AS after FROM audit_events WHERE entity_id = $1 ORDER BY seq`, [created.body.id]);
      expect(audit.rows).toEqual([
        { action: 'budget.created', before: null, after: '1000.00' },
        { action: 'budget.rebaselined', before: '1000.00', after: '900.00' },
      ]);
      await ctx.as(writer).post('/v1/budgets').send({ projectId: overId, financialYear: '2026-27', category: 'capital', amount: '100.00' }).expect(201);
      await ctx.as(writer).post('/v1/budgets').send({ projectId: underId, financialYear: '2026-27', category: 'resource', amount: '2000.00' }).expect(201);
      const list = await ctx.as(reader).get('/v1/budgets').query({ projectId: overId }).expect(200);
      expect(list.body.data.map((b: { category: string }) => b.category).sort()).toEqual(['capital', 'resource']);
    });

    it('validates (400), needs scopes (403) and hides other organisations (404)', async () => {
      for (const [body, field] of [
        [{ projectId: overId, financialYear: '2026-28', category: 'resource', amount: '1.00' }, 'financialYear'],
        [{ projectId: overId, financialYear: '2026-27', category: 'other', amount: '1.00' }, 'category'],
        [{ projectId: overId, financialYear: '2026-27', category: 'resource', amount: 1 }, 'amount'],
      ] as const) {
        expect(expectProblem(await ctx.as(writer).post('/v1/budgets').send(body), 400).errors?.[0].field).toBe(field);
      }
      expectProblem(await ctx.as(reader).post('/v1/budgets').send({ projectId: overId, financialYear: '2026-27', category: 'resource', amount: '1.00' }), 403);
      expectProblem(await ctx.as(writer).get('/v1/budgets'), 403);
      const foreign = expectProblem(await ctx.as(writer).post('/v1/budgets').send({ projectId: otherProjectId, financialYear: '2026-27', category: 'resource', amount: '1.00' }), 404);
      const random = expectProblem(await ctx.as(writer).post('/v1/budgets').send({ projectId: randomUuid(), financialYear: '2026-27', category: 'resource', amount: '1.00' }), 404);
      expect(foreign.detail).toBe(random.detail);
      const { rows } = await ctx.db.query(`SELECT count(*)::int AS n FROM budgets WHERE project_id = $1`, [otherProjectId]);
      expect(rows[0].n).toBe(0);
    });
  });

  describe('POST/GET /v1/forecasts', () => {
    it('keeps history and the latest as-of wins', async () => {
      await ctx.as(writer).post('/v1/forecasts').send({ projectId: overId, financialYear: '2026-27', amount: '1500.00', asOf: '2026-09-30' }).expect(201);
      await ctx.as(writer).post('/v1/forecasts').send({ projectId: overId, financialYear: '2026-27', amount: '1200.00', asOf: '2026-06-30' }).expect(201);
      const history = await ctx.as(reader).get('/v1/forecasts').query({ projectId: overId }).expect(200);
      expect(history.body.data.map((f: { amount: string }) => f.amount)).toEqual(['1500.00', '1200.00']);
    });

    it('validates (400), needs scopes (403) and hides other organisations (404)', async () => {
      expect(expectProblem(await ctx.as(writer).post('/v1/forecasts').send({ projectId: overId, financialYear: '2026-27', amount: '1.00', asOf: '30/09/2026' }), 400).errors?.[0].field).toBe('asOf');
      expectProblem(await ctx.as(reader).post('/v1/forecasts').send({ projectId: overId, financialYear: '2026-27', amount: '1.00', asOf: '2026-09-30' }), 403);
      expectProblem(await ctx.as(writer).get('/v1/forecasts'), 403);
      expectProblem(await ctx.as(writer).post('/v1/forecasts').send({ projectId: otherProjectId, financialYear: '2026-27', amount: '1.00', asOf: '2026-09-30' }), 404);
    });
  });

  describe('GET /v1/finance/summary', () => {
    it('gives budget, spent, forecast, variance and SME share per project and programme', async () => {
      await spend(spendBody(overId, { amount: '600.00', supplierIsSme: true, spentOn: '2026-05-01' }));
      await spend(spendBody(overId, { amount: '300.00', supplierIsSme: false, spentOn: '2026-07-01', category: 'capital' }));
      const wrong = await spend(spendBody(overId, { amount: '100.00', spentOn: '2026-08-01' }));
      await ctx.as(writer).post(`/v1/spend/${wrong.body.id}/reversal`).set('Idempotency-Key', newKey()).send({ reason: 'duplicate' }).expect(201);
      await spend(spendBody(underId, { amount: '500.00', supplierIsSme: false, spentOn: '2026-05-01' }));
      // Another year does not count.
      await spend(spendBody(underId, { amount: '999.00', spentOn: '2026-03-31' }));

      const res = await ctx.as(reader).get('/v1/finance/summary').query({ financialYear: '2026-27' }).expect(200);
      const over = res.body.projects.find((p: { projectId: string }) => p.projectId === overId);
      expect(over).toMatchObject({ code: 'FIN-OVER', budget: '1000.00', spent: '900.00', forecast: '1500.00', forecastSource: 'forecast', variance: '500.00', variancePct: '50.0', smeSharePct: '66.7' });
      const under = res.body.projects.find((p: { projectId: string }) => p.projectId === underId);
      expect(under).toMatchObject({ budget: '2000.00', spent: '500.00', forecast: '500.00', forecastSource: 'spent', variance: '-1500.00', variancePct: '-75.0', smeSharePct: '0.0' });
      const programme = res.body.programmes.find((p: { programmeId: string }) => p.programmeId === programmeId);
      expect(programme).toMatchObject({ code: 'PRG-FIN', budget: '3000.00', spent: '1400.00', forecast: '2000.00', variance: '-1000.00', variancePct: '-33.3' });

      const filtered = await ctx.as(reader).get('/v1/finance/summary').query({ financialYear: '2025-26', programmeId }).expect(200);
      expect(filtered.body.projects.find((p: { projectId: string }) => p.projectId === underId)).toMatchObject({ spent: '999.00', budget: '0.00', variancePct: null });
    });

    it('defaults to the current financial year, validates (400), needs the scope (403) and hides other programmes (404)', async () => {
      const res = await ctx.as(reader).get('/v1/finance/summary').expect(200);
      expect(res.body.financialYear).toBe(financialYearOf(new Date(), 4));
      expect(expectProblem(await ctx.as(reader).get('/v1/finance/summary').query({ financialYear: '2026' }), 400).errors?.[0].field).toBe('financialYear');
      expectProblem(await ctx.as(writer).get('/v1/finance/summary'), 403);
      const outsider = await ctx.token(other, ['portfolio:read']);
      const foreign = expectProblem(await ctx.as(outsider).get('/v1/finance/summary').query({ programmeId }), 404);
      const random = expectProblem(await ctx.as(outsider).get('/v1/finance/summary').query({ programmeId: randomUuid() }), 404);
      expect(foreign.detail).toBe(random.detail);
      const theirs = await ctx.as(outsider).get('/v1/finance/summary').query({ financialYear: '2026-27' }).expect(200);
      expect(theirs.body.projects.map((p: { projectId: string }) => p.projectId)).toEqual([otherProjectId]);
    });
  });

  describe('GET /v1/spend.csv', () => {
    it('exports the period as spreadsheet-safe CSV', async () => {
      await spend(spendBody(underId, { amount: '12.00', spentOn: '2026-10-01', supplier: '=HYPERLINK("http://evil")', description: 'line one, with comma' }));
      const res = await ctx.as(reader).get('/v1/spend.csv').query({ from: '2026-10-01', to: '2026-10-31' }).buffer(true).parse((r, cb) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString()));
        r.on('end', () => cb(null, text));
      }).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const lines = (res.body as string).trim().split('\r\n');
      expect(lines[0]).toMatch(/^id,project_code,project_id,financial_year,spent_on,amount/);
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`);
      expect(lines[1]).toContain('"line one, with comma"');
      expect(lines[1]).toContain(',12.00,GBP,');
    });

    it('validates the period (400) and needs the scope (403); other organisations see none of it', async () => {
      expectProblem(await ctx.as(reader).get('/v1/spend.csv').query({ from: '2026-10-01' }), 400);
      expectProblem(await ctx.as(reader).get('/v1/spend.csv').query({ from: '2026-10-31', to: '2026-10-01' }), 400);
      expectProblem(await ctx.as(writer).get('/v1/spend.csv').query({ from: '2026-10-01', to: '2026-10-31' }), 403);
      const outsider = await ctx.token(other, ['portfolio:read']);
      const res = await ctx.as(outsider).get('/v1/spend.csv').query({ from: '2000-01-01', to: '2099-12-31' }).buffer(true).parse((r, cb) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString()));
        r.on('end', () => cb(null, text));
      }).expect(200);
      expect((res.body as string).trim().split('\r\n')).toHaveLength(1);
    });
  });
});
