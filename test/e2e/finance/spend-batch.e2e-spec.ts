import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';
import { insertProject } from '@test/support/factories/portfolio';
import { ledgerStats, newKey, spendBody, totalsSum } from '@test/support/factories/finance';

describe('POST /v1/spend/batch', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let writer: string;
  let projectId: string;
  let secondProjectId: string;
  let otherProjectId: string;

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    writer = await ctx.token(org, ['finance:write']);
    projectId = (await insertProject(ctx.db, org.id)).id;
    secondProjectId = (await insertProject(ctx.db, org.id)).id;
    otherProjectId = (await insertProject(ctx.db, other.id)).id;
  });
  afterAll(() => ctx.close());

  const batch = (items: unknown[], key: string | null = newKey(), token = writer) => {
    const req = ctx.as(token).post('/v1/spend/batch').send({ items });
    return key === null ? req : req.set('Idempotency-Key', key);
  };

  it('answers one result per item, in order, and stores the valid ones', async () => {
    const existing = `ERP-${randomUuid()}`;
    await ctx.as(writer).post('/v1/spend').set('Idempotency-Key', newKey()).send(spendBody(projectId, { externalId: existing, amount: '50.00' })).expect(201);
    const repeated = `ERP-${randomUuid()}`;
    const before = await ledgerStats(ctx.db, org.id);
    const res = await batch([
      spendBody(projectId, { amount: '10.00' }),
      spendBody(projectId, { amount: '1.999' }),
      spendBody(otherProjectId, { amount: '20.00' }),
      spendBody(projectId, { externalId: existing, amount: '50.00' }),
      spendBody(projectId, { externalId: existing, amount: '51.00' }),
      spendBody(secondProjectId, { amount: '30.00', spentOn: '2026-03-31' }),
      spendBody(projectId, { externalId: repeated, amount: '7.00' }),
      spendBody(projectId, { externalId: repeated, amount: '7.00' }),
      spendBody(projectId, { externalId: repeated, amount: '8.00' }),
      { projectId, nonsense: 1 },
      spendBody(projectId, { amount: '10.00' }),
      spendBody(projectId, { amount: '10.00', allowDuplicate: true }),
      spendBody(projectId, { amount: '10.00', reference: 'INV-2' }),
    ]).expect(200);
    expect(res.body.results.map((r: { index: number; result: string }) => [r.index, r.result])).toEqual([
      [0, 'created'],
      [1, 'invalid'],
      [2, 'not_found'],
      [3, 'exists'],
      [4, 'conflict'],
      [5, 'created'],
      [6, 'created'],
      [7, 'exists'],
      [8, 'conflict'],
      [9, 'invalid'],
      [10, 'duplicate'],
      [11, 'created'],
      [12, 'created'],
    ]);
    expect(res.body).toMatchObject({ created: 5, exists: 2, conflict: 2, duplicate: 1, invalid: 2, notFound: 1, forbidden: 0 });
    expect(res.body.results[1].errors.map((e: { field: string }) => e.field)).toEqual(['amount']);
    expect(res.body.results[9].errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['nonsense', 'spentOn', 'amount']));
    expect(res.body.results[5].entry).toMatchObject({ financialYear: '2025-26', source: 'batch' });
    // An identical item is a duplicate of the first, named; with allowDuplicate (audited) or a distinguishing reference it is a second spend.
    expect(res.body.results[10]).toMatchObject({ result: 'duplicate', existingId: res.body.results[0].entry.id });
    expect(res.body.results[11].entry.id).not.toBe(res.body.results[0].entry.id);
    const audit = await ctx.db.query(`SELECT after FROM audit_events WHERE organisation_id = $1 AND action = 'spend.batch_recorded' ORDER BY seq DESC LIMIT 1`, [org.id]);
    expect(audit.rows[0].after.acceptedDuplicates).toEqual([res.body.results[11].entry.id]);
    const after = await ledgerStats(ctx.db, org.id);
    expect(Number(after.count) - Number(before.count)).toBe(5);
    expect(await totalsSum(ctx.db, org.id)).toEqual(after);
    expect((await ledgerStats(ctx.db, other.id)).count).toBe('0');
  });

  it('replays a batch for the same key and refuses the key with another batch', async () => {
    const key = newKey();
    const items = [spendBody(projectId, { amount: '1.00' }), spendBody(projectId, { amount: '2.00' })];
    const first = await batch(items, key).expect(200);
    const replay = await batch(items, key).expect(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    expectProblem(await batch([items[0]], key), 422);
  });

  it('writes 1,000 items and refuses more (400), needs a key (400) and the scope (403)', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => spendBody(secondProjectId, { amount: `${i + 1}.01`, reference: `BULK-${i}`, supplierIsSme: i % 2 === 0 }));
    const res = await batch(items).expect(200);
    expect(res.body.created).toBe(1000);
    expect(await totalsSum(ctx.db, org.id)).toEqual(await ledgerStats(ctx.db, org.id));
    const tooMany = expectProblem(await batch([...items, items[0]]), 400);
    expect(tooMany.errors?.[0].field).toBe('items');
    expectProblem(await batch([]), 400);
    expectProblem(await batch([spendBody(projectId)], null), 400);
    const reader = await ctx.token(org, ['portfolio:read']);
    expectProblem(await batch([spendBody(projectId)], newKey(), reader), 403);
  });
});
