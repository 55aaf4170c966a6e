import { INestApplicationContext } from '@nestjs/common';
import { QUEUES } from '@app/platform';
import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';
import { obliterate, startWorker, waitFor } from '@test/support/test-worker';
import { insertProgramme, insertProject } from '@test/support/factories/portfolio';
import { newKey, spendBody } from '@test/support/factories/finance';

type Body = Record<string, unknown>;

/**
 * Finance as finance teams keep it: credit notes and journals, commitments and their drawdown,
 * capital and resource, budget history, whole-life cost, suppliers and SME share with unknowns,
 * and organisation-wide extracts split across projects. Every figure below is worked by hand.
 */
describe('finance practice', () => {
  let ctx: TestContext;
  let worker: INestApplicationContext;
  let org: TestOrg;
  let other: TestOrg;
  let writer: string;
  let reader: string;
  let both: string;
  let limited: string;
  let outsider: string;
  let programmeId: string;
  let projectId: string;
  let hiddenProjectId: string;
  let otherProjectId: string;

  beforeAll(async () => {
    ctx = await TestContext.start({ outboxPollMs: 100 });
    worker = await startWorker(ctx.config);
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    writer = await ctx.token(org, ['finance:write']);
    reader = await ctx.token(org, ['portfolio:read']);
    both = await ctx.token(org, ['finance:write', 'portfolio:read']);
    outsider = await ctx.token(other, ['finance:write', 'portfolio:read']);
    programmeId = (await insertProgramme(ctx.db, org.id, { code: 'PRG-WK' })).id;
    projectId = (await insertProject(ctx.db, org.id, { programmeId, code: 'WK-01' })).id;
    const hiddenProgramme = await insertProgramme(ctx.db, org.id, { code: 'PRG-HID' });
    hiddenProjectId = (await insertProject(ctx.db, org.id, { programmeId: hiddenProgramme.id, code: 'HID-01' })).id;
    otherProjectId = (await insertProject(ctx.db, other.id)).id;
    // A token limited to the worked programme: the other programme's data is not found for it.
    const owner = (await ctx.as(org.adminToken).post('/v1/people').send({ email: 'finance.owner@people.gov.uk', name: 'Finance Owner', roles: ['finance'] }).expect(201)).body;
    limited = (await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'ledger feed', scopes: ['portfolio:read', 'finance:write'], integration: { name: 'Ledger', ownerPersonId: owner.id, programmeIds: [programmeId] } }).expect(201)).body.token;
  }, 60_000);
  afterAll(async () => {
    await obliterate(worker, [QUEUES.imports]);
    await worker.close();
    await ctx.close();
  });

  const spend = (body: Body, token = writer) => ctx.as(token).post('/v1/spend').set('Idempotency-Key', newKey()).send(body);
  const summaryOf = async (id: string) => ((await ctx.as(reader).get('/v1/finance/summary').query({ financialYear: '2026-27' }).expect(200)).body.projects as Body[]).find((p) => p.projectId === id) as Body;

  describe('suppliers', () => {
    it('registers suppliers by normalised name, with SME status that may be unknown (201, 409)', async () => {
      const created = await ctx.as(both).post('/v1/suppliers').send({ name: 'Bright Ideas Ltd.', companyNumber: '01234567', smeStatus: 'sme' }).expect(201);
      expect(created.body).toMatchObject({ name: 'Bright Ideas Ltd.', normalisedName: 'bright ideas', companyNumber: '01234567', smeStatus: 'sme', version: 1 });
      expect(created.headers.etag).toBe('"1"');
      await ctx.as(both).post('/v1/suppliers').send({ name: 'Big Co PLC', smeStatus: 'not_sme' }).expect(201);
      const mystery = await ctx.as(both).post('/v1/suppliers').send({ name: 'Mystery Trading' }).expect(201);
      expect(mystery.body.smeStatus).toBe('unknown');
      const again = expectProblem(await ctx.as(both).post('/v1/suppliers').send({ name: 'BRIGHT IDEAS LIMITED' }), 409);
      expect(again).toMatchObject({ code: 'supplier_exists', existingId: created.body.id });
      const list = await ctx.as(reader).get('/v1/suppliers').query({ name: 'bright' }).expect(200);
      expect(list.body.data.map((s: Body) => s.id)).toEqual([created.body.id]);
    });

    it('changes SME status with If-Match (428 without, 412 when stale); validates (400), needs the scope (403), hides other organisations (404)', async () => {
      const [mystery] = (await ctx.as(reader).get('/v1/suppliers').query({ name: 'mystery' }).expect(200)).body.data;
      expectProblem(await ctx.as(both).patch(`/v1/suppliers/${mystery.id}`).send({ smeStatus: 'sme' }), 428);
      expectProblem(await ctx.as(both).patch(`/v1/suppliers/${mystery.id}`).set('If-Match', '"9"').send({ smeStatus: 'sme' }), 412);
      expect(expectProblem(await ctx.as(both).patch(`/v1/suppliers/${mystery.id}`).set('If-Match', '"1"').send({ smeStatus: 'maybe' }), 400).errors?.[0].field).toBe('smeStatus');
      expect(expectProblem(await ctx.as(both).post('/v1/suppliers').send({ name: 'X', companyNumber: '123' }), 400).errors?.[0].field).toBe('companyNumber');
      expectProblem(await ctx.as(reader).post('/v1/suppliers').send({ name: 'Reader Ltd' }), 403);
      expectProblem(await ctx.as(writer).get('/v1/suppliers'), 403);
      const foreign = expectProblem(await ctx.as(outsider).get(`/v1/suppliers/${mystery.id}`), 404);
      expect(foreign.detail).toBe(expectProblem(await ctx.as(outsider).get(`/v1/suppliers/${randomUuid()}`), 404).detail);
      expectProblem(await ctx.as(outsider).patch(`/v1/suppliers/${mystery.id}`).set('If-Match', '"1"').send({ smeStatus: 'sme' }), 404);
      expect((await ctx.as(reader).get(`/v1/suppliers/${mystery.id}`).expect(200)).body.smeStatus).toBe('unknown');
    });
  });

  describe('the worked summary', () => {
    it('records budgets with their reasons, the ledger with credit notes and a journal, and two commitments', async () => {
      const budget = (body: Body) => ctx.as(writer).post('/v1/budgets').send({ projectId, financialYear: '2026-27', ...body });
      await budget({ category: 'resource', amount: '1000.00', reason: 'Initial budget', approvedBy: 'Finance director' }).expect(201);
      await budget({ category: 'resource', amount: '1200.00', reason: 'Phase 2 approved', approvedBy: 'Investment board' }).expect(200);
      await budget({ category: 'capital', amount: '500.00', reason: 'Hardware refresh' }).expect(201);

      const e = (overrides: Body) => spendBody(projectId, { spentOn: '2026-05-10', reference: null, ...overrides });
      const strip = (b: Body) => Object.fromEntries(Object.entries(b).filter(([, v]) => v !== null && v !== undefined));
      // e1 payment 300 resource, register supplier (SME), on order PO-1.
      expect((await spend(strip(e({ amount: '300.00', supplier: 'Bright Ideas Limited', supplierIsSme: undefined, orderNumber: 'PO-1', reference: 'E1' }))).expect(201)).body).toMatchObject({ kind: 'payment', supplierIsSme: null, orderNumber: 'PO-1' });
      // e2 payment 200 resource, register supplier whose status is unknown; the sender says nothing.
      await spend(strip(e({ amount: '200.00', supplier: 'Mystery Trading', supplierIsSme: undefined, reference: 'E2' }))).expect(201);
      // e3 payment 400 capital hardware, register supplier (not an SME).
      await spend(strip(e({ amount: '400.00', category: 'capital', costType: 'hardware', supplier: 'Big Co plc', supplierIsSme: undefined, reference: 'E3' }))).expect(201);
      // e4 credit note -50 against PO-1: a line of its own, not a reversal.
      const credit = await spend(strip(e({ amount: '-50.00', kind: 'credit_note', supplier: 'Bright Ideas Ltd', supplierIsSme: undefined, orderNumber: 'PO-1', reference: 'CN-1' }))).expect(201);
      expect(credit.body).toMatchObject({ kind: 'credit_note', amount: '-50.00', reversesId: null });
      // e5 payment 100 resource, contractors, supplier not in the register and SME status not given.
      await spend(strip(e({ amount: '100.00', costType: 'contractors', supplier: 'Unregistered Ltd', supplierIsSme: undefined, reference: 'E5' }))).expect(201);
      // e6 journal -30 resource, other: a recharge out, stated not an SME.
      await spend(strip(e({ amount: '-30.00', kind: 'journal', costType: 'other', supplier: 'Internal recharge', supplierIsSme: false, reference: 'J-1' }))).expect(201);

      const po1 = await ctx.as(both).post('/v1/commitments').send({ projectId, kind: 'purchase_order', orderNumber: 'PO-1', supplier: 'Bright Ideas Ltd', category: 'resource', costType: 'suppliers', committedOn: '2026-05-01', amount: '1000.00' }).expect(201);
      // Drawn: 300 paid less the 50 credit note.
      expect(po1.body).toMatchObject({ financialYear: '2026-27', amount: '1000.00', drawn: '250.00', outstanding: '750.00' });
      await ctx.as(both).post('/v1/commitments').send({ projectId, kind: 'contract', orderNumber: 'C-2', supplier: 'Big Co PLC', category: 'capital', costType: 'hardware', committedOn: '2026-06-01', amount: '200.00' }).expect(201);
      await ctx.as(writer).post('/v1/forecasts').send({ projectId, financialYear: '2026-27', amount: '1500.00', asOf: '2026-06-01' }).expect(201);
    });

    it('sums to the figures worked by hand', async () => {
      // budget 1200 + 500; spent 300 + 200 + 400 - 50 + 100 - 30 = 920 (capital 400);
      // committed 750 + 200 = 950; remaining 1700 - 920 - 950 = -170; outturn max(1500, 920 + 950) = 1870;
      // SME 300 - 50 = 250, not SME 400 - 30 = 370, unknown 200 + 100 = 300: share 250 / 620 = 40.3%, unknown 300 / 920 = 32.6%.
      expect(await summaryOf(projectId)).toMatchObject({
        budget: '1700.00', budgetSplit: { capital: '500.00', resource: '1200.00' },
        spent: '920.00', spentSplit: { capital: '400.00', resource: '520.00' },
        committed: '950.00', committedSplit: { capital: '200.00', resource: '750.00' },
        forecast: '1500.00', forecastSource: 'forecast', remaining: '-170.00', outturn: '1870.00',
        variance: '-200.00', variancePct: '-11.8',
        creditNotes: '-50.00', journals: '-30.00',
        smeSpent: '250.00', notSmeSpent: '370.00', smeUnknownSpent: '300.00', smeSharePct: '40.3', smeUnknownPct: '32.6',
      });
      const programme = ((await ctx.as(reader).get('/v1/finance/summary').query({ financialYear: '2026-27', programmeId }).expect(200)).body.programmes as Body[])[0];
      expect(programme).toMatchObject({ programmeId, budget: '1700.00', spent: '920.00', committed: '950.00', remaining: '-170.00', smeSharePct: '40.3' });
    });

    it('computes SME share from what becomes known', async () => {
      const [mystery] = (await ctx.as(reader).get('/v1/suppliers').query({ name: 'mystery' }).expect(200)).body.data;
      await ctx.as(both).patch(`/v1/suppliers/${mystery.id}`).set('If-Match', `"${mystery.version}"`).send({ smeStatus: 'sme' }).expect(200);
      // SME 250 + 200 = 450 of known 820: 54.9%; unknown 100 of 920: 10.9%.
      expect(await summaryOf(projectId)).toMatchObject({ smeSpent: '450.00', notSmeSpent: '370.00', smeUnknownSpent: '100.00', smeSharePct: '54.9', smeUnknownPct: '10.9' });
    });

    it('keeps credit notes apart from reversals: in the ledger, its filters and the CSV export', async () => {
      const credits = await ctx.as(reader).get('/v1/spend').query({ projectId, kind: 'credit_note' }).expect(200);
      expect(credits.body.data.map((i: Body) => [i.amount, i.reference])).toEqual([['-50.00', 'CN-1']]);
      // Reversing a credit note (entered in error) is a positive line of the same kind pointing at it.
      const reversal = await ctx.as(writer).post(`/v1/spend/${credits.body.data[0].id}/reversal`).set('Idempotency-Key', newKey()).send({ reason: 'credit note keyed twice' }).expect(201);
      expect(reversal.body).toMatchObject({ kind: 'credit_note', amount: '50.00', reversesId: credits.body.data[0].id });
      const res = await ctx.as(reader).get('/v1/spend.csv').query({ from: '2026-05-10', to: '2026-05-10', projectId }).buffer(true).parse((r, cb) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString()));
        r.on('end', () => cb(null, text));
      }).expect(200);
      const lines = (res.body as string).trim().split('\r\n');
      expect(lines[0]).toMatch(/,kind,order_number,supplier_id$/);
      expect(lines.filter((l) => l.includes(',-50.00,'))[0]).toMatch(/,credit_note,PO-1,[0-9a-f-]{36}$/);
      expect(lines.filter((l) => l.includes(',-30.00,'))[0]).toContain(',journal,,');
      // The reversal nets the credit out: spent back to 970, drawn 300.
      expect(await summaryOf(projectId)).toMatchObject({ spent: '970.00', creditNotes: '0.00' });
      expect((await ctx.as(reader).get('/v1/commitments').query({ projectId, open: true }).expect(200)).body.data.find((c: Body) => c.orderNumber === 'PO-1')).toMatchObject({ drawn: '300.00', outstanding: '700.00' });
    });

    it('refuses a credit note with a positive amount, a negative payment and a zero journal (400, nothing stored)', async () => {
      const before = (await ctx.db.query(`SELECT count(*)::int AS n FROM spend_entries WHERE organisation_id = $1`, [org.id])).rows[0].n;
      for (const body of [{ amount: '50.00', kind: 'credit_note' }, { amount: '-50.00' }, { amount: '-50.00', kind: 'payment' }, { amount: '0.00', kind: 'journal' }]) {
        expect(expectProblem(await spend(spendBody(projectId, { ...body, reference: 'BAD' })), 400).errors?.[0].field).toBe('amount');
      }
      expect(expectProblem(await spend(spendBody(projectId, { amount: '-5.00', kind: 'refund' })), 400).errors?.[0].field).toBe('kind');
      expect((await ctx.db.query(`SELECT count(*)::int AS n FROM spend_entries WHERE organisation_id = $1`, [org.id])).rows[0].n).toBe(before);
    });
  });

  describe('commitments', () => {
    it('validates (400), needs the scope (403), refuses a repeated order number (409), hides other organisations and programmes (404)', async () => {
      const body = { projectId, kind: 'purchase_order', orderNumber: 'PO-9', supplier: 'Acme', category: 'resource', costType: 'suppliers', committedOn: '2026-05-01', amount: '10.00' };
      expect(expectProblem(await ctx.as(writer).post('/v1/commitments').send({ ...body, amount: '-10.00' }), 400).errors?.[0].field).toBe('amount');
      expect(expectProblem(await ctx.as(writer).post('/v1/commitments').send({ ...body, kind: 'invoice' }), 400).errors?.[0].field).toBe('kind');
      expectProblem(await ctx.as(reader).post('/v1/commitments').send(body), 403);
      expectProblem(await ctx.as(writer).get('/v1/commitments'), 403);
      expect(expectProblem(await ctx.as(writer).post('/v1/commitments').send({ ...body, orderNumber: 'PO-1' }), 409).code).toBe('commitment_exists');
      expectProblem(await ctx.as(writer).post('/v1/commitments').send({ ...body, projectId: otherProjectId }), 404);
      expectProblem(await ctx.as(limited).post('/v1/commitments').send({ ...body, projectId: hiddenProjectId }), 404);
      const hidden = await ctx.as(both).post('/v1/commitments').send({ ...body, projectId: hiddenProjectId }).expect(201);
      expectProblem(await ctx.as(limited).get(`/v1/commitments/${hidden.body.id}`), 404);
      expect((await ctx.as(limited).get('/v1/commitments').expect(200)).body.data.map((c: Body) => c.projectId)).not.toContain(hiddenProjectId);
      expectProblem(await ctx.as(outsider).get(`/v1/commitments/${hidden.body.id}`), 404);
      expect((await ctx.as(outsider).get('/v1/commitments').expect(200)).body.data).toEqual([]);
      expect((await ctx.as(reader).get(`/v1/commitments/${hidden.body.id}`).expect(200)).body).toMatchObject({ orderNumber: 'PO-9', outstanding: '10.00' });
    });
  });

  describe('budget history and whole-life cost', () => {
    it('shows every budget line with its reason and approver; the current budget is the latest line', async () => {
      const res = await ctx.as(reader).get(`/v1/projects/${projectId}/budget-history`).expect(200);
      expect(res.body.current).toEqual([
        { financialYear: '2026-27', category: 'capital', amount: '500.00' },
        { financialYear: '2026-27', category: 'resource', amount: '1200.00' },
      ]);
      expect(res.body.changes.map((c: Body) => [c.category, c.amount, c.previousAmount, c.change, c.reason, c.approvedBy])).toEqual([
        ['capital', '500.00', null, '500.00', 'Hardware refresh', null],
        ['resource', '1000.00', null, '1000.00', 'Initial budget', 'Finance director'],
        ['resource', '1200.00', '1000.00', '200.00', 'Phase 2 approved', 'Investment board'],
      ]);
      // The lines cannot be changed afterwards, even by the table's owner.
      await expect(ctx.db.query(`UPDATE budget_changes SET reason = 'x' WHERE project_id = $1`, [projectId])).rejects.toThrow();
    });

    it('records a baseline and forecast whole-life cost beside budgets over several years, spend by cost type and commitments', async () => {
      const record = (body: Body) => ctx.as(writer).post(`/v1/projects/${projectId}/whole-life-cost`).send(body);
      await record({ kind: 'baseline', category: 'capital', amount: '2000.00', asOf: '2026-04-01' }).expect(201);
      await record({ kind: 'baseline', category: 'resource', amount: '3000.00', asOf: '2026-04-01' }).expect(201);
      const last = await record({ kind: 'forecast', category: 'resource', amount: '3500.00', asOf: '2026-06-30', note: 'Phase 2' }).expect(201);
      await ctx.as(writer).post('/v1/budgets').send({ projectId, financialYear: '2027-28', category: 'resource', amount: '800.00', reason: 'Year 2 profile' }).expect(201);
      const res = await ctx.as(reader).get(`/v1/projects/${projectId}/whole-life-cost`).expect(200);
      expect(last.body.forecast).toEqual({ capital: '2000.00', resource: '3500.00', total: '5500.00', asOf: '2026-06-30' });
      expect(res.body).toMatchObject({
        baseline: { capital: '2000.00', resource: '3000.00', total: '5000.00', asOf: '2026-04-01' },
        // Capital has no forecast yet: it is forecast at its baseline.
        forecast: { capital: '2000.00', resource: '3500.00', total: '5500.00' },
        variance: { capital: '0.00', resource: '500.00', total: '500.00' },
        budgeted: { capital: '500.00', resource: '2000.00', total: '2500.00' },
        // After the credit note's reversal: resource 300 + 200 + 100 - 30 (+ -50 + 50).
        spent: { capital: '400.00', resource: '570.00', total: '970.00' },
        committed: { capital: '200.00', resource: '700.00', total: '900.00' },
        budgetsByYear: [
          { financialYear: '2026-27', capital: '500.00', resource: '1200.00', total: '1700.00' },
          { financialYear: '2027-28', capital: '0.00', resource: '800.00', total: '800.00' },
        ],
        spendByCostType: [
          { category: 'capital', costType: 'hardware', spent: '400.00' },
          { category: 'resource', costType: 'contractors', spent: '100.00' },
          { category: 'resource', costType: 'other', spent: '-30.00' },
          { category: 'resource', costType: 'suppliers', spent: '500.00' },
        ],
      });
    });

    it('validates (400), needs the scope (403), hides other organisations and restricted programmes (404)', async () => {
      expect(expectProblem(await ctx.as(writer).post(`/v1/projects/${projectId}/whole-life-cost`).send({ kind: 'estimate', category: 'capital', amount: '1.00', asOf: '2026-04-01' }), 400).errors?.[0].field).toBe('kind');
      expect(expectProblem(await ctx.as(writer).post('/v1/budgets').send({ projectId, financialYear: '2026-27', category: 'capital', amount: '1.00', reason: '' }), 400).errors?.[0].field).toBe('reason');
      expectProblem(await ctx.as(reader).post(`/v1/projects/${projectId}/whole-life-cost`).send({ kind: 'baseline', category: 'capital', amount: '1.00', asOf: '2026-04-01' }), 403);
      expectProblem(await ctx.as(writer).get(`/v1/projects/${projectId}/budget-history`), 403);
      expectProblem(await ctx.as(writer).get(`/v1/projects/${projectId}/whole-life-cost`), 403);
      for (const path of ['budget-history', 'whole-life-cost']) {
        const foreign = expectProblem(await ctx.as(outsider).get(`/v1/projects/${projectId}/${path}`), 404);
        expect(foreign.detail).toBe(expectProblem(await ctx.as(outsider).get(`/v1/projects/${randomUuid()}/${path}`), 404).detail);
        expectProblem(await ctx.as(limited).get(`/v1/projects/${hiddenProjectId}/${path}`), 404);
      }
      expectProblem(await ctx.as(outsider).post(`/v1/projects/${projectId}/whole-life-cost`).send({ kind: 'baseline', category: 'capital', amount: '1.00', asOf: '2026-04-01' }), 404);
      expect((await ctx.db.query(`SELECT count(*)::int AS n FROM whole_life_costs WHERE project_id = $1`, [projectId])).rows[0].n).toBe(3);
    });
  });

  describe('organisation-wide extracts', () => {
    let projects: { id: string; code: string }[];
    let holdingId: string;
    let mappingId: string;

    const upload = (file: string, mapping: Body) =>
      ctx.as(writer).post('/v1/spend/imports').field('mode', 'partial').field('mapping', JSON.stringify(mapping)).attach('file', Buffer.from(file), 'payments.csv');
    const finished = (id: string) =>
      waitFor(async () => {
        const res = await ctx.as(reader).get(`/v1/spend/imports/${id}`).expect(200);
        return ['completed', 'completed_with_errors', 'nothing_imported', 'failed'].includes(res.body.status) ? res.body : null;
      }, 20_000);
    const byProject = async (importId: string) =>
      (await ctx.db.query(`SELECT p.code, count(*)::int AS n, sum(e.amount)::text AS total FROM spend_entries e JOIN projects p ON p.id = e.project_id WHERE e.import_id = $1 GROUP BY p.code ORDER BY p.code`, [importId])).rows;

    // A council's payments file: no project column; Department says whose spend it is. One credit note.
    const FILE = [
      'Date,Department,Supplier,Amount,Type,PO Number',
      '01/05/2026,Adult Social Care,Bright Ideas Ltd,"1,000.00",Invoice,PO-ASC',
      '02/05/2026,adult social care ,Care Tech Ltd,250.00,Invoice,',
      '03/05/2026,Highways,Big Co PLC,400.00,Invoice,',
      '04/05/2026,Libraries,New Supplier Ltd,75.50,Invoice,',
      '05/05/2026,Libraries,New Supplier Ltd,(20.00),Credit Note,',
      '06/05/2026,Parks,Green Spaces Ltd,60.00,Invoice,',
      '07/05/2026,Parks,Green Spaces Ltd,40.00,Invoice,',
    ].join('\n');
    const mapping = (splitMappingId: string) => ({
      columns: { spentOn: 'Date', split: 'Department', supplier: 'Supplier', amount: 'Amount', kind: 'Type', orderNumber: 'PO Number' },
      defaults: { costType: 'suppliers' },
      dateFormat: 'dd/MM/yyyy',
      splitMappingId,
      linkSuppliers: true,
    });

    beforeAll(async () => {
      projects = [];
      for (const code of ['ASC-01', 'HWY-01', 'LIB-01']) projects.push(await insertProject(ctx.db, org.id, { programmeId, code }));
      holdingId = (await insertProject(ctx.db, org.id, { programmeId, code: 'HOLD-01' })).id;
    });

    it('saves a split mapping (201), validates it (400), needs the scope (403), refuses other organisations\' projects (404)', async () => {
      const values = { 'Adult Social Care': projects[0].id, Highways: projects[1].id, Libraries: projects[2].id };
      expect(expectProblem(await ctx.as(writer).post('/v1/spend/split-mappings').send({ name: 'By department', column: 'Department', values, unmapped: 'holding' }), 400).errors?.[0].field).toBe('holdingProjectId');
      expect(expectProblem(await ctx.as(writer).post('/v1/spend/split-mappings').send({ name: 'By department', column: 'Department', values: { Highways: 'not-a-project' }, unmapped: 'reject' }), 400).errors?.[0].field).toBe('values.Highways');
      expectProblem(await ctx.as(writer).post('/v1/spend/split-mappings').send({ name: 'By department', column: 'Department', values: { Highways: otherProjectId }, unmapped: 'reject' }), 404);
      expectProblem(await ctx.as(reader).post('/v1/spend/split-mappings').send({ name: 'By department', column: 'Department', values, unmapped: 'reject' }), 403);
      const created = await ctx.as(writer).post('/v1/spend/split-mappings').send({ name: 'By department', column: 'Department', values, unmapped: 'reject' }).expect(201);
      mappingId = created.body.id;
      expect(created.body).toMatchObject({ column: 'Department', unmapped: 'reject', holdingProjectId: null, version: 1 });
      expect(expectProblem(await ctx.as(writer).post('/v1/spend/split-mappings').send({ name: 'By department', column: 'Department', values, unmapped: 'reject' }), 409).code).toBe('split_mapping_exists');
      expectProblem(await ctx.as(outsider).get(`/v1/spend/split-mappings/${mappingId}`), 404);
      expect((await ctx.as(outsider).get('/v1/spend/split-mappings').expect(200)).body.data).toEqual([]);
    });

    it('splits one payments file across three projects and rejects the unmapped department, listing it', async () => {
      const accepted = await upload(FILE, mapping(mappingId)).expect(202);
      const result = await finished(accepted.body.id);
      expect(result).toMatchObject({ status: 'completed_with_errors', totalRows: 7, importedRows: 5, rejectedRows: 2 });
      expect(result.unmappedValues).toEqual([{ value: 'Parks', rows: 2, outcome: 'rejected' }]);
      expect(result.errors.map((e: Body) => e.line)).toEqual([7, 8]);
      expect(result.errors[0].message).toContain('Department "Parks" has no project');
      expect(await byProject(accepted.body.id)).toEqual([
        { code: 'ASC-01', n: 2, total: '1250.00' },
        { code: 'HWY-01', n: 1, total: '400.00' },
        { code: 'LIB-01', n: 2, total: '55.50' },
      ]);
      const credit = await ctx.db.query(`SELECT kind, amount::text, sme_stated FROM spend_entries WHERE import_id = $1 AND amount < 0`, [accepted.body.id]);
      expect(credit.rows).toEqual([{ kind: 'credit_note', amount: '-20.00', sme_stated: false }]);
      // Suppliers are linked to the register, new ones added once (unknown SME status).
      const linked = await ctx.db.query(
        `SELECT s.name, s.sme_status, count(*)::int AS n FROM spend_entries e JOIN suppliers s ON s.id = e.supplier_id WHERE e.import_id = $1 GROUP BY s.name, s.sme_status ORDER BY s.name`,
        [accepted.body.id],
      );
      expect(linked.rows).toEqual([
        { name: 'Big Co PLC', sme_status: 'not_sme', n: 1 },
        { name: 'Bright Ideas Ltd.', sme_status: 'sme', n: 1 },
        { name: 'Care Tech Ltd', sme_status: 'unknown', n: 1 },
        { name: 'New Supplier Ltd', sme_status: 'unknown', n: 2 },
      ]);
      // The order number came with the row: the ASC commitment is drawn down by it.
      const po = await ctx.as(both).post('/v1/commitments').send({ projectId: projects[0].id, kind: 'purchase_order', orderNumber: 'PO-ASC', supplier: 'Bright Ideas Ltd', category: 'resource', costType: 'suppliers', committedOn: '2026-04-20', amount: '3000.00' }).expect(201);
      expect(po.body).toMatchObject({ drawn: '1000.00', outstanding: '2000.00' });
    });

    it('sends unmapped values to the holding project when the mapping says so (PUT with If-Match)', async () => {
      const current = await ctx.as(reader).get(`/v1/spend/split-mappings/${mappingId}`).expect(200);
      const replacement = { column: 'Department', values: current.body.values, unmapped: 'holding', holdingProjectId: holdingId };
      expectProblem(await ctx.as(writer).put(`/v1/spend/split-mappings/${mappingId}`).send(replacement), 428);
      expectProblem(await ctx.as(outsider).put(`/v1/spend/split-mappings/${mappingId}`).set('If-Match', '"1"').send(replacement), 404);
      await ctx.as(writer).put(`/v1/spend/split-mappings/${mappingId}`).set('If-Match', current.headers.etag).send(replacement).expect(200);
      const parks = ['Date,Department,Supplier,Amount,Type,PO Number', '08/05/2026,Parks,Green Spaces Ltd,60.00,Invoice,', '09/05/2026,Highways,Big Co PLC,15.00,Invoice,'].join('\n');
      const accepted = await upload(parks, mapping(mappingId)).expect(202);
      const result = await finished(accepted.body.id);
      expect(result).toMatchObject({ status: 'completed', importedRows: 2, rejectedRows: 0, unmappedValues: [{ value: 'Parks', rows: 1, outcome: 'holding' }] });
      expect(await byProject(accepted.body.id)).toEqual([
        { code: 'HOLD-01', n: 1, total: '60.00' },
        { code: 'HWY-01', n: 1, total: '15.00' },
      ]);
    });

    it('refuses a mapping naming a split mapping that does not exist (404) or a split column without one (400)', async () => {
      expectProblem(await upload(FILE, mapping(randomUuid())), 404);
      const noId = { ...mapping(mappingId) } as Body;
      delete noId.splitMappingId;
      expect(expectProblem(await upload(FILE, noId), 400).errors?.[0].field).toBe('mapping.splitMappingId');
    });
  });
});
